using System.Security.Cryptography;

namespace SaeExplorer.Core.Encoders;

/// <summary>
/// A short identity for a model file: SHA-256 over its length and its first and last MiB. Hashing all of a 3.7 GB
/// CLIP export on every start would cost seconds; two different exports practically never share length, head and tail.
/// </summary>
public static class ModelFingerprint
{
    private const int Window = 1 << 20;

    public static string Of(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(BitConverter.GetBytes(file.Length));
        var buffer = new byte[Window];
        sha.AppendData(buffer, 0, file.ReadAtLeast(buffer, Window, throwOnEndOfStream: false));
        if (file.Length > Window)
        {
            file.Seek(Math.Max(Window, file.Length - Window), SeekOrigin.Begin);
            sha.AppendData(buffer, 0, file.ReadAtLeast(buffer, Window, throwOnEndOfStream: false));
        }
        return "sha256:" + Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }
}
