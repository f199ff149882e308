namespace SaeExplorer.Core.Imaging;

/// <summary>
/// Walks a JPEG's marker segments to its end-of-image marker. ImageSharp decodes a JPEG cut
/// off inside its compressed data without complaint (the rest comes out grey), so truncation
/// has to be found by structure. Bytes after EOI (motion-photo videos, vendor trailers) are
/// allowed, and thumbnails inside APP segments are skipped by length, so neither confuses it.
/// </summary>
internal static class JpegStructure
{
    private const byte Marker = 0xFF;
    private const byte StartOfImage = 0xD8;
    private const byte EndOfImage = 0xD9;
    private const byte StartOfScan = 0xDA;

    /// <summary>Null when the JPEG reaches its end-of-image marker, otherwise what is wrong.</summary>
    public static string? FindProblem(ReadOnlySpan<byte> data)
    {
        if (data.Length < 4 || data[0] != Marker || data[1] != StartOfImage)
            return "missing start-of-image marker";
        int i = 2;
        while (true)
        {
            if (i >= data.Length)
                return "file ends before the end-of-image marker";
            if (data[i] != Marker)
                return $"expected a marker at byte {i}, found 0x{data[i]:X2}";
            while (i < data.Length && data[i] == Marker)
                i++; // fill bytes may precede any marker
            if (i >= data.Length)
                return "file ends before the end-of-image marker";
            byte marker = data[i++];
            if (marker == EndOfImage)
                return null;
            if (IsStandalone(marker))
                continue;
            if (i + 2 > data.Length)
                return $"file ends inside the 0x{marker:X2} segment header";
            int length = (data[i] << 8) | data[i + 1];
            if (length < 2)
                return $"segment 0x{marker:X2} at byte {i - 2} has invalid length {length}";
            i += length;
            if (i > data.Length)
                return $"file ends inside the 0x{marker:X2} segment";
            if (marker == StartOfScan && !SkipEntropyData(data, ref i))
                return "file ends inside the compressed image data (no end-of-image marker)";
        }
    }

    // Markers that carry no length field: RST0-7 and TEM.
    private static bool IsStandalone(byte marker) => marker is >= 0xD0 and <= 0xD7 or 0x01;

    // Advances i to the first real marker after scan data; false when the data runs out first.
    private static bool SkipEntropyData(ReadOnlySpan<byte> data, ref int i)
    {
        while (true)
        {
            int found = data[i..].IndexOf(Marker);
            if (found < 0)
                return false;
            i += found;
            if (i + 1 >= data.Length)
                return false;
            byte next = data[i + 1];
            if (next == 0x00 || next is >= 0xD0 and <= 0xD7)
                i += 2; // stuffed 0xFF byte or restart marker: still inside the scan
            else if (next == Marker)
                i += 1; // fill byte; look again from the next 0xFF
            else
                return true;
        }
    }
}
