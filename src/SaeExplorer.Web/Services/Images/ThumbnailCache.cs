using SaeExplorer.Core.Settings;

namespace SaeExplorer.Web.Services.Images;

/// <summary>Thumbnails on disk under data/cache/thumbs, one JPEG per key and size, written atomically.</summary>
public sealed class ThumbnailCache(SaexOptions options)
{
    private readonly string _folder = Path.Combine(SaexPaths.Resolve(options.DataDirectory), "cache", "thumbs");

    /// <summary>Keys are content or URL hashes; anything else could name a path, so it is not cached.</summary>
    public static bool IsKey(string key) => key.Length is > 0 and <= 80 && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    public async Task<byte[]?> ReadAsync(string key, int size, CancellationToken ct)
    {
        if (!IsKey(key)) return null;
        try
        {
            return await File.ReadAllBytesAsync(PathOf(key, size), ct);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public async Task WriteAsync(string key, int size, byte[] jpeg, CancellationToken ct)
    {
        if (!IsKey(key)) return;
        var path = PathOf(key, size);
        // Readers never see half a file, and two requests for one thumbnail never share a partial file.
        await Core.IO.AtomicFile.WriteAllBytesAsync(path, jpeg, ct);
    }

    private string PathOf(string key, int size) => Path.Combine(_folder, $"{key}-{size}.jpg");
}
