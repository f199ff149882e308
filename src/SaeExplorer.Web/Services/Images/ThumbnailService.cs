using SaeExplorer.Core.Corpus;
using SaeExplorer.Core.Corpus.Import;
using SaeExplorer.Core.Imaging;
using SaeExplorer.Data.Corpus;

namespace SaeExplorer.Web.Services.Images;

/// <summary>A tile-sized JPEG of a corpus image, or why there is none (<see cref="Gone"/>: nothing to show at all).</summary>
public sealed record Thumbnail(byte[]? Jpeg, string ETag, string? Problem, bool Gone = false);

/// <summary>
/// Finds a corpus image by workspace and id (never by a path from the request) and makes a JPEG
/// preview: from the corpus file, kept in the disk cache under the file's content hash, or, for an
/// image known only by web address, from <see cref="RemoteThumbnails"/>.
/// </summary>
public sealed class ThumbnailService(ImageQueries images, ImageLoader loader, ThumbnailCache cache, RemoteThumbnails remote)
{
    /// <summary>Null when no such image exists in that workspace.</summary>
    public async Task<Thumbnail?> GetAsync(string workspace, string imageId, int size, CancellationToken ct)
    {
        size = Thumbnailer.Snap(size);
        if (await images.SourceAsync(workspace, imageId, ct) is not { } found) return null;

        if (found.File.Length == 0)
        {
            // An item the import skipped has no copy in the pack: say why it was skipped.
            if (WebUrl.Parse(found.Url) is not { } url)
                return found.SkipReason is { } reason
                    ? new Thumbnail(null, "", reason)
                    : new Thumbnail(null, "", "the image has neither a file nor a web address", Gone: true);
            var key = RemoteThumbnails.Key(url);
            var (jpeg, problem) = await remote.GetAsync(url, size, ct);
            return new Thumbnail(jpeg, ETag(key, size), problem, Gone: jpeg == null);
        }

        var etag = ETag(found.Hash, size);
        if (await cache.ReadAsync(found.Hash, size, ct) is { } cached) return new Thumbnail(cached, etag, null);
        if (!ImportPaths.TryResolveInside(found.Corpus, found.File, out var path, out _) || !File.Exists(path))
            return new Thumbnail(null, etag, "the image file is missing");
        try
        {
            using var image = loader.Load(path);
            var jpeg = Thumbnailer.Jpeg(image, size);
            await cache.WriteAsync(found.Hash, size, jpeg, ct);
            return new Thumbnail(jpeg, etag, null);
        }
        catch (ImageRejectedException e)
        {
            return new Thumbnail(null, etag, e.Reason);
        }
    }

    private static string ETag(string key, int size) => $"\"{key[..Math.Min(24, key.Length)]}-{size}\"";
}
