using Microsoft.EntityFrameworkCore;

namespace SaeExplorer.Data.Corpus;

/// <summary>
/// One page of a workspace's images and how many there are in all; <paramref name="Capped"/> when a search matched more
/// than <see cref="Core.Settings.SaexOptions.RankedCaptionMatches"/> captions, which is then the total (and the pages end there).
/// </summary>
public sealed record ImageSearchResult(int Total, int Page, int PageSize, IReadOnlyList<ImageRef> Images, bool Capped = false)
{
    public int Pages => Total == 0 ? 0 : (Total + PageSize - 1) / PageSize;
}

/// <summary>
/// Caption search over a workspace's images (description, category, subcategory; stemmed), best matches first (the
/// provider's full text, <see cref="Providers.ISqlDialect.SearchCaptionsAsync"/>). Any user text is safe: it is taken
/// as words, never as query syntax. An empty query browses every image in corpus order.
/// </summary>
internal static class ImageSearch
{
    public const int MaxPageSize = 200;

    private static readonly System.Linq.Expressions.Expression<Func<CorpusImage, ImageRef>> AsRef =
        i => new ImageRef(i.EmbeddingRow, i.ExternalId, i.Description, i.Category, i.Url);

    public static async Task<ImageSearchResult> SearchAsync(
        SaexDbContext db, int workspaceId, string? text, int page, int pageSize, int rankedMatches,
        CancellationToken ct = default)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        // long: a huge page number from a URL must not wrap around to a small one.
        var skip = (int)Math.Min(int.MaxValue, (long)(page - 1) * pageSize);
        var images = db.CorpusImages.AsNoTracking().Where(i => i.WorkspaceId == workspaceId);

        if (string.IsNullOrWhiteSpace(text)) return await BrowseAsync(images, page, pageSize, skip, ct);

        var (counted, ids) = await db.Dialect.SearchCaptionsAsync(workspaceId, text, skip, pageSize, rankedMatches, ct);
        var (total, capped) = (Math.Min(counted, rankedMatches), counted > rankedMatches);
        if (ids.Count == 0) return new ImageSearchResult(total, page, pageSize, [], capped);
        // By id alone, the search having kept to the workspace: with the workspace in the filter too, SQLite walked the
        // workspace's index past every one of its images (130 ms at 10^6) instead of looking up the page's ids.
        var found = await db.CorpusImages.AsNoTracking().Where(i => ids.Contains(i.Id))
            .Select(i => new { i.Id, Ref = new ImageRef(i.EmbeddingRow, i.ExternalId, i.Description, i.Category, i.Url) })
            .ToDictionaryAsync(i => i.Id, i => i.Ref, ct);
        return new ImageSearchResult(total, page, pageSize, ids.Where(found.ContainsKey).Select(id => found[id]).ToList(), capped);
    }

    /// <summary>
    /// Every image in corpus order: by embedding row (a workspace's rows are 0..n-1, one per image of its pack), then
    /// the images the import skipped. A page is a range of rows, an index seek, rather than a skip over every image
    /// before it and a count of all of them, which at 10^6 images took half a second a page.
    /// </summary>
    private static async Task<ImageSearchResult> BrowseAsync(IQueryable<CorpusImage> images, int page, int pageSize, int skip, CancellationToken ct)
    {
        var rows = (await images.MaxAsync(i => i.EmbeddingRow, ct) ?? -1) + 1;
        var withoutRow = images.Where(i => i.EmbeddingRow == null);
        var total = rows + await withoutRow.CountAsync(ct);
        var browse = new List<ImageRef>(pageSize);
        if (skip < rows)
            browse.AddRange(await images.Where(i => i.EmbeddingRow >= skip && i.EmbeddingRow < skip + pageSize).OrderBy(i => i.EmbeddingRow)
                .Select(AsRef).ToListAsync(ct));
        if (browse.Count < pageSize && (long)skip + pageSize > rows)
            browse.AddRange(await withoutRow.OrderBy(i => i.Id).Skip(Math.Max(0, skip - rows)).Take(pageSize - browse.Count)
                .Select(AsRef).ToListAsync(ct));
        return new ImageSearchResult(total, page, pageSize, browse);
    }
}
