using Microsoft.EntityFrameworkCore;
using SaeExplorer.Core.Permalink;

namespace SaeExplorer.Data.Permalinks;

/// <summary>Saving a permalinked row under the shortest free cut of its content hash, once per content.</summary>
internal static class PermalinkSlugs
{
    /// <summary>
    /// The content's slug: the one it already has when the same content was shared before, else the shortest cut of
    /// its hash that no other row holds (the 16-character cut in all but astronomically rare cases).
    /// </summary>
    /// <exception cref="PermalinkNotSavedException">The row was refused (e.g. its workspace was deleted meanwhile).</exception>
    public static async Task<string> SaveAsync<T>(IDbContextFactory<SaexDbContext> dbFactory, string hash, Func<string, T> make, CancellationToken ct)
        where T : class, IPermalinked
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = db.Set<T>();
        if (await SlugOf(rows, hash, ct) is { } known)
            return known;
        for (var bytes = ContentSlug.ShortBytes; ; bytes += 3)
        {
            var slug = ContentSlug.Slug(hash, Math.Min(bytes, ContentSlug.MaxBytes));
            if (await rows.AnyAsync(r => r.Slug == slug, ct)) continue; // other content's: cut longer
            rows.Add(make(slug));
            if (await db.TrySaveAsync(ct)) return slug;
            // A concurrent share of the same content won the race: its slug is the answer.
            return await SlugOf(rows, hash, ct) ?? throw new PermalinkNotSavedException($"could not save the permalink for content {hash[..12]}");
        }
    }

    public static async Task<T?> FindAsync<T>(IDbContextFactory<SaexDbContext> dbFactory, string slug, CancellationToken ct)
        where T : class, IPermalinked
    {
        if (!ContentSlug.LooksValid(slug)) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<T>().AsNoTracking().SingleOrDefaultAsync(r => r.Slug == slug, ct);
    }

    private static Task<string?> SlugOf<T>(DbSet<T> rows, string hash, CancellationToken ct) where T : class, IPermalinked =>
        rows.AsNoTracking().Where(r => r.ContentHash == hash).Select(r => r.Slug).SingleOrDefaultAsync(ct);
}
