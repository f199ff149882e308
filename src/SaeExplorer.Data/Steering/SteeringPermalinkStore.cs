using Microsoft.EntityFrameworkCore;
using SaeExplorer.Core.Steering;
using SaeExplorer.Data.Permalinks;

namespace SaeExplorer.Data.Steering;

/// <summary>Saves shared steering states under their content-derived slugs and finds them again.</summary>
public sealed class SteeringPermalinkStore(IDbContextFactory<SaexDbContext> dbFactory)
{
    /// <summary>The state's slug, the same one each time the same content is shared.</summary>
    public Task<string> ShareAsync(int workspaceId, SteeringContent content, CancellationToken ct = default)
    {
        var hash = content.ContentHash();
        return PermalinkSlugs.SaveAsync(dbFactory, hash, slug => new SteeringPermalink
        {
            Slug = slug, ContentHash = hash, WorkspaceId = workspaceId, Source = content.Source, KMax = content.KMax,
            Restarts = content.Restarts, Tau = content.Tau, K = content.K, Edits = SteeringJson.Write(content.Edits),
            KeepError = content.KeepError, SaeId = content.SaeId, SaeFingerprint = content.SaeFingerprint, CreatedAt = DateTimeOffset.UtcNow,
        }, ct);
    }

    public Task<SteeringPermalink?> FindAsync(string slug, CancellationToken ct = default) => PermalinkSlugs.FindAsync<SteeringPermalink>(dbFactory, slug, ct);
}
