using Microsoft.EntityFrameworkCore;
using SaeExplorer.Core.Corpus;
using SaeExplorer.Core.Corpus.Import;
using SaeExplorer.Core.Imaging;
using SaeExplorer.Data.Corpus;
using SaeExplorer.Data;

namespace SaeExplorer.Web.Services.Images;

/// <summary>A tile-sized JPEG of a corpus image, or why there is none (<see cref="Gone"/>: nothing to show at all).</summary>
public sealed record Thumbnail(byte[]? Jpeg, string ETag, string? Problem, bool Gone = false);

/// <summary>
/// Finds a corpus image by workspace and id (never by a path from the request) and makes a JPEG
/// preview: from the corpus file, kept in the disk cache under the file's content hash, or, for an
/// image known only by web address, from <see cref="RemoteThumbnails"/>.
/// </summary>
public sealed class ThumbnailService(IDbContextFactory<SaexDbContext> dbFactory, ImageLoader loader, ThumbnailCache cache, RemoteThumbnails remote)
{
    /// <summary>Null when no such image exists in that workspace.</summary>
    public async Task<Thumbnail?> GetAsync(string workspace, string imageId, int size, CancellationToken ct)
    {
        size = Thumbnailer.Snap(size);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await db.CorpusImages.AsNoTracking()
            .Where(i => i.ExternalId == imageId && db.Workspaces.Any(w => w.Id == i.WorkspaceId && w.Name == workspace))
            .Select(i => new { i.File, i.Hash, i.Url, Corpus = db.Workspaces.Single(w => w.Id == i.WorkspaceId).CorpusPath })
            .SingleOrDefaultAsync(ct);
        if (found == null) return null;

        if (found.File.Length == 0)
        {
            if (WebUrl.Parse(found.Url) is not { } url) return new Thumbnail(null, "", "the image has neither a file nor a web address", Gone: true);
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
