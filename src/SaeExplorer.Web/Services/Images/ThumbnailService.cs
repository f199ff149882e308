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
public sealed class ThumbnailService(ImageQueries images, Data.Workspaces.WorkspaceQueries workspaces, Data.Uploads.UploadStore uploads,
    Core.Settings.SaexOptions options, ImageLoader loader, ThumbnailCache cache, RemoteThumbnails remote)
{
    /// <summary>An upload's thumbnail by its hash; null when the workspace has no such upload.</summary>
    public async Task<Thumbnail?> GetUploadAsync(string workspace, string hash, int size, CancellationToken ct)
    {
        size = Thumbnailer.Snap(size);
        if (await workspaces.FindAsync(workspace, ct) is not { } context) return null;
        if (await uploads.FindAsync(context.WorkspaceId, hash, ct) is not { } upload) return null;
        return await FromFileAsync(hash, Core.Settings.WorkspaceFiles.For(options, workspace).Upload(hash, upload.Format), size, ct);
    }

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

        if (!ImportPaths.TryResolveInside(found.Corpus, found.File, out var path, out _))
            return new Thumbnail(null, ETag(found.Hash, size), "the image file is missing");
        return await FromFileAsync(found.Hash, path, size, ct);
    }

    /// <summary>A file's thumbnail, from the disk cache by the file's content hash, else decoded and cached.</summary>
    private async Task<Thumbnail> FromFileAsync(string hash, string path, int size, CancellationToken ct)
    {
        var etag = ETag(hash, size);
        if (await cache.ReadAsync(hash, size, ct) is { } cached) return new Thumbnail(cached, etag, null);
        if (!File.Exists(path)) return new Thumbnail(null, etag, "the image file is missing");
        try
        {
            using var image = loader.Load(path);
            var jpeg = Thumbnailer.Jpeg(image, size);
            await cache.WriteAsync(hash, size, jpeg, ct);
            return new Thumbnail(jpeg, etag, null);
        }
        catch (ImageRejectedException e)
        {
            return new Thumbnail(null, etag, e.Reason);
        }
    }

    private static string ETag(string key, int size) => $"\"{key[..Math.Min(24, key.Length)]}-{size}\"";
}
