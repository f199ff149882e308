using Microsoft.EntityFrameworkCore;
using SaeExplorer.Core.Grouping;
using SaeExplorer.Data.Features;

namespace SaeExplorer.Data.Groups;

/// <summary>Saves shared groups under their content-derived slugs and finds them again.</summary>
public sealed class SharedGroupStore(IDbContextFactory<SaexDbContext> dbFactory)
{
    /// <summary>
    /// The group's slug: the one it already has when the same content was shared before, else the shortest cut of its
    /// content hash that no other group holds (the 16-character cut in all but astronomically rare cases).
    /// </summary>
    public async Task<string> ShareAsync(int workspaceId, GroupContent content, double mass, double share, CancellationToken ct = default)
    {
        var hash = GroupSlug.ContentHash(content);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.SharedGroups.AsNoTracking().Where(g => g.ContentHash == hash).Select(g => g.Slug).SingleOrDefaultAsync(ct) is { } known)
            return known;
        for (var bytes = GroupSlug.ShortBytes; ; bytes += 3)
        {
            var slug = GroupSlug.Slug(hash, Math.Min(bytes, 32));
            if (await db.SharedGroups.AnyAsync(g => g.Slug == slug, ct)) continue; // another group's: cut longer
            db.SharedGroups.Add(new SharedGroup
            {
                Slug = slug, ContentHash = hash, WorkspaceId = workspaceId, Source = content.Source, K = content.K, Tau = content.Tau,
                KMax = content.KMax, Restarts = content.Restarts, GroupIndex = content.GroupIndex,
                Features = FeatureBlobs.Pack<int>(content.Features), Activations = FeatureBlobs.Pack<float>(content.Activations),
                Mass = mass, Share = share, SaeId = content.SaeId, SaeFingerprint = content.SaeFingerprint, CreatedAt = DateTimeOffset.UtcNow,
            });
            try
            {
                await db.SaveChangesAsync(ct);
                return slug;
            }
            catch (DbUpdateException)
            {
                // A concurrent share of the same content won the race: its slug is the answer.
                db.ChangeTracker.Clear();
                if (await db.SharedGroups.AsNoTracking().Where(g => g.ContentHash == hash).Select(g => g.Slug).SingleOrDefaultAsync(ct) is { } raced)
                    return raced;
                throw;
            }
        }
    }

    public async Task<SharedGroup?> FindAsync(string slug, CancellationToken ct = default)
    {
        if (!GroupSlug.LooksValid(slug)) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.SharedGroups.AsNoTracking().SingleOrDefaultAsync(g => g.Slug == slug, ct);
    }
}
