using Microsoft.EntityFrameworkCore;
using SaeExplorer.Core.Imaging;
using SaeExplorer.Data;
using SaeExplorer.Data.Configuration;

namespace SaeExplorer.Web.Services.Images;

/// <summary>A tile-sized JPEG of a corpus image, or why there is none.</summary>
public sealed record Thumbnail(byte[]? Jpeg, string ETag, string? Problem);

/// <summary>
/// Finds a corpus image by workspace and id (never by a path from the request), makes a JPEG
/// preview and keeps it in a disk cache keyed by the image's content hash.
/// </summary>
public sealed class ThumbnailService(IDbContextFactory<SaexDbContext> dbFactory, ImageLoader loader, SaexOptions options)
{
    /// <summary>Null when no such image exists in that workspace.</summary>
    public async Task<Thumbnail?> GetAsync(string workspace, string imageId, int size, CancellationToken ct)
    {
        size = Thumbnailer.Snap(size);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await db.CorpusImages.AsNoTracking()
            .Where(i => i.ExternalId == imageId && db.Workspaces.Any(w => w.Id == i.WorkspaceId && w.Name == workspace))
            .Select(i => new { i.File, i.Hash, Corpus = db.Workspaces.Single(w => w.Id == i.WorkspaceId).CorpusPath })
            .SingleOrDefaultAsync(ct);
        if (found == null) return null;
        var etag = $"\"{found.Hash[..Math.Min(16, found.Hash.Length)]}-{size}\"";

        var cache = Path.Combine(SaexPaths.Resolve(options.DataDirectory), "cache", "thumbs", $"{found.Hash}-{size}.jpg");
        if (found.Hash.Length > 0 && File.Exists(cache)) return new Thumbnail(await File.ReadAllBytesAsync(cache, ct), etag, null);

        var root = Path.GetFullPath(found.Corpus);
        var path = Path.GetFullPath(Path.Combine(root, found.File));
        if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(path))
            return new Thumbnail(null, etag, "the image file is missing");
        try
        {
            using var image = loader.Load(path);
            var jpeg = Thumbnailer.Jpeg(image, size);
            if (found.Hash.Length > 0)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(cache)!);
                var partial = cache + $".{Guid.NewGuid():N}.partial";
                await File.WriteAllBytesAsync(partial, jpeg, ct);
                File.Move(partial, cache, overwrite: true);
            }
            return new Thumbnail(jpeg, etag, null);
        }
        catch (ImageRejectedException e)
        {
            return new Thumbnail(null, etag, e.Reason);
        }
    }
}
