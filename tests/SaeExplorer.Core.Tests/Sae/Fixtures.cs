using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace SaeExplorer.Core.Tests.Sae;

/// <summary>Paths to the copied SAE fixtures and tiny readers for them.</summary>
internal static class Fixtures
{
    public static string Dir => Path.Combine(AppContext.BaseDirectory, "Fixtures", "sae");
    public static string Path_(params string[] parts) => Path.Combine([Dir, .. parts]);

    /// <summary>Reads a little-endian float32 C-order .npy: magic, version, header length, dict header, data.</summary>
    public static float[,] ReadNpy(string path)
    {
        var b = File.ReadAllBytes(path);
        if (b[0] != 0x93 || Encoding.ASCII.GetString(b, 1, 5) != "NUMPY") throw new InvalidDataException("not npy");
        var major = b[6];
        int headerLen, start;
        if (major == 1) { headerLen = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(8)); start = 10; }
        else { headerLen = (int)BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(8)); start = 12; }
        var header = Encoding.ASCII.GetString(b, start, headerLen);
        if (!header.Contains("'<f4'") || header.Contains("'fortran_order': True")) throw new InvalidDataException(header);
        var shapeText = header[(header.IndexOf("'shape': (", StringComparison.Ordinal) + 10)..];
        var dims = shapeText[..shapeText.IndexOf(')')].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(int.Parse).ToArray();
        var data = new float[dims[0], dims[1]];
        var off = start + headerLen;
        for (var i = 0; i < dims[0]; i++)
            for (var j = 0; j < dims[1]; j++)
                data[i, j] = BinaryPrimitives.ReadSingleLittleEndian(b.AsSpan(off + 4 * (i * dims[1] + j)));
        return data;
    }

    public static float[] Row(float[,] m, int r) => Enumerable.Range(0, m.GetLength(1)).Select(j => m[r, j]).ToArray();

    public static double[][] Expected(string key)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path_("expected.json")));
        return doc.RootElement.GetProperty(key).EnumerateArray()
            .Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
    }

    public static string TempDir()
    {
        var d = Path.Combine(Path.GetTempPath(), "saex-sae-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(d);
        return d;
    }
}
