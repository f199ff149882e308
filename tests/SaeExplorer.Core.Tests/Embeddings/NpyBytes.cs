using System.Text;

namespace SaeExplorer.Core.Tests.Embeddings;

/// <summary>Pieces for spelling out .npy files byte by byte in tests.</summary>
public static class NpyBytes
{
    public static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    public static byte[] Spaces(int count) => Enumerable.Repeat((byte)' ', count).ToArray();

    /// <summary>A version 1.0 file: magic, version, 2-byte length, dict, spaces to <paramref name="total"/> - 1, '\n', data.</summary>
    public static byte[] Version1(string dict, int total, params byte[] data)
    {
        int headerLength = total - 10;
        return [.. Magic, 1, 0, (byte)headerLength, (byte)(headerLength >> 8), .. Ascii(dict), .. Spaces(total - 10 - dict.Length - 1), (byte)'\n', .. data];
    }
}
