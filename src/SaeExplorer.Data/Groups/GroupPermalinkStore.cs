using Microsoft.EntityFrameworkCore;
using SaeExplorer.Core.Grouping;
using SaeExplorer.Data.Features;
using SaeExplorer.Data.Permalinks;

namespace SaeExplorer.Data.Groups;

/// <summary>Saves shared groups under their content-derived slugs and finds them again.</summary>
public sealed class GroupPermalinkStore(IDbContextFactory<SaexDbContext> dbFactory)
{
    /// <summary>The group's slug, the same one each time the same content is shared.</summary>
    public Task<string> ShareAsync(int workspaceId, GroupContent content, double mass, double share, CancellationToken ct = default)
    {
        var hash = GroupSlug.ContentHash(content);
        return PermalinkSlugs.SaveAsync(dbFactory, hash, slug => new GroupPermalink
        {
            Slug = slug, ContentHash = hash, WorkspaceId = workspaceId, Source = content.Source, K = content.K,
            Tau = content.Tau, KMax = content.KMax, Restarts = content.Restarts, GroupIndex = content.GroupIndex,
            Features = FeatureBlobs.Pack<int>(content.Features), Activations = FeatureBlobs.Pack<float>(content.Activations),
            Mass = mass, Share = share, SaeId = content.SaeId, SaeFingerprint = content.SaeFingerprint, CreatedAt = DateTimeOffset.UtcNow,
        }, ct);
    }

    public Task<GroupPermalink?> FindAsync(string slug, CancellationToken ct = default) => PermalinkSlugs.FindAsync<GroupPermalink>(dbFactory, slug, ct);
}
