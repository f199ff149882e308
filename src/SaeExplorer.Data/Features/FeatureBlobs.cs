using System.Runtime.InteropServices;

namespace SaeExplorer.Data.Features;

/// <summary>Little-endian packing of the per-feature lists stored as blobs.</summary>
public static class FeatureBlobs
{
    public static byte[] Pack<T>(ReadOnlySpan<T> values) where T : unmanaged =>
        MemoryMarshal.AsBytes(values).ToArray();

    public static T[] Unpack<T>(byte[] blob) where T : unmanaged =>
        MemoryMarshal.Cast<byte, T>(blob).ToArray();

    public static byte[] PackSamples(IReadOnlyList<(int[] Rows, float[] Activations)> bands)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        foreach (var (rows, activations) in bands)
        {
            writer.Write(rows.Length);
            for (var i = 0; i < rows.Length; i++)
            {
                writer.Write(rows[i]);
                writer.Write(activations[i]);
            }
        }
        writer.Flush();
        return stream.ToArray();
    }

    public static IReadOnlyList<(int[] Rows, float[] Activations)> UnpackSamples(byte[] blob)
    {
        var bands = new List<(int[], float[])>();
        using var reader = new BinaryReader(new MemoryStream(blob));
        while (reader.BaseStream.Position < blob.Length)
        {
            var count = reader.ReadInt32();
            var rows = new int[count];
            var activations = new float[count];
            for (var i = 0; i < count; i++)
            {
                rows[i] = reader.ReadInt32();
                activations[i] = reader.ReadSingle();
            }
            bands.Add((rows, activations));
        }
        return bands;
    }
}
