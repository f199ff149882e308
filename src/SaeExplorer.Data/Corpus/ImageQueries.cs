using Microsoft.EntityFrameworkCore;

namespace SaeExplorer.Data.Corpus;

/// <summary>A corpus image with why it has no embedding, when it has none.</summary>
public sealed record ImageRecord(ImageRef Image, string? SkipReason);

/// <summary>Where a corpus image's bytes are: a file below the corpus folder, or only a web address; and why it was skipped, if it was.</summary>
public sealed record ImageSource(string File, string Hash, string? Url, string Corpus, string? SkipReason);

/// <summary>Reads of a workspace's corpus images for pages and the API.</summary>
public sealed class ImageQueries(IDbContextFactory<SaexDbContext> dbFactory, Core.Settings.SaexOptions options)
{
    /// <summary>The image with that corpus id; null when the workspace has none (any text is safe to pass).</summary>
    public async Task<ImageRecord?> FindAsync(int workspaceId, string imageId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.CorpusImages.AsNoTracking()
            .Where(i => i.WorkspaceId == workspaceId && i.ExternalId == imageId)
            .Select(i => new ImageRecord(new ImageRef(i.EmbeddingRow, i.ExternalId, i.Description, i.Category, i.Url), i.SkipReason))
            .SingleOrDefaultAsync(ct);
    }

    /// <summary>
    /// The image's file and corpus folder, by workspace name and image id in one query: thumbnails are the most
    /// requested address of the app, a page of tiles asks for dozens at once.
    /// </summary>
    public async Task<ImageSource?> SourceAsync(string workspace, string imageId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.CorpusImages.AsNoTracking()
            .Where(i => i.ExternalId == imageId && db.Workspaces.Any(w => w.Id == i.WorkspaceId && w.Name == workspace))
            .Select(i => new ImageSource(i.File, i.Hash, i.Url, db.Workspaces.Single(w => w.Id == i.WorkspaceId).CorpusPath, i.SkipReason))
            .SingleOrDefaultAsync(ct);
    }

    /// <summary>Corpus images of a workspace by embedding row (rows without an image are left out).</summary>
    public async Task<IReadOnlyDictionary<int, ImageRef>> ByRowsAsync(int workspaceId, IEnumerable<int> rows, CancellationToken ct = default)
    {
        var wanted = rows.Distinct().Select(r => (int?)r).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // No "row is not null" test: SQLite 3.40 (Debian's) reads it as a range over the workspace's whole index and
        // scans every image (140 ms for 400 rows of 10^6, against 2 ms); IN alone seeks each row, and a null row is
        // never IN the list. (The SQLite bundled with the app, 3.53, seeks either way.)
        var found = await db.CorpusImages.AsNoTracking()
            .Where(i => i.WorkspaceId == workspaceId && wanted.Contains(i.EmbeddingRow))
            .Select(i => new ImageRef(i.EmbeddingRow, i.ExternalId, i.Description, i.Category, i.Url))
            .ToListAsync(ct);
        return found.ToDictionary(i => i.Row!.Value);
    }

    /// <summary>One page of caption search (see <see cref="ImageSearch"/>), or of every image when the text is empty.</summary>
    public async Task<ImageSearchResult> SearchAsync(int workspaceId, string? text, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ImageSearch.SearchAsync(db, workspaceId, text, page, pageSize, options.RankedCaptionMatches, ct);
    }
}
