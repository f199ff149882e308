using Microsoft.EntityFrameworkCore;

namespace SaeExplorer.Data.Transfer;

/// <summary>
/// What an import file's rows point at, checked against the database: a feature of a workspace's active SAE, or a
/// shared group. A wrong one is the row's error, named by its line, in the same words for labels and lists files.
/// </summary>
internal sealed class TransferTargets
{
    private readonly SaexDbContext _db;
    private readonly Dictionary<string, int?> _activeSae;
    private readonly Dictionary<int, HashSet<int>> _features = [];

    private TransferTargets(SaexDbContext db, Dictionary<string, int?> activeSae) => (_db, _activeSae) = (db, activeSae);

    public static async Task<TransferTargets> LoadAsync(SaexDbContext db, CancellationToken ct) => new(db, await db.Workspaces.AsNoTracking()
        .Select(w => new { w.Name, SaeId = db.Saes.Where(s => s.WorkspaceId == w.Id && s.IsActive).Select(s => (int?)s.Id).FirstOrDefault() })
        .ToDictionaryAsync(w => w.Name, w => w.SaeId, ct));

    /// <summary>The active SAE of <paramref name="workspace"/>, which has feature <paramref name="feature"/>.</summary>
    public async Task<int> FeatureAsync(TransferRecord record, string workspace, int feature, CancellationToken ct)
    {
        if (!_activeSae.TryGetValue(workspace, out var saeId)) throw record.Error($"there is no workspace named '{workspace}'.");
        if (saeId is not { } sae) throw record.Error($"workspace '{workspace}' has no SAE yet.");
        if (!_features.TryGetValue(sae, out var known))
            _features[sae] = known = (await _db.Features.Where(f => f.SaeId == sae).Select(f => f.Feature).ToListAsync(ct)).ToHashSet();
        if (!known.Contains(feature)) throw record.Error($"workspace '{workspace}' has no feature #{feature}.");
        return sae;
    }

    /// <summary>Checks that the shared group <paramref name="slug"/> exists.</summary>
    public async Task GroupAsync(TransferRecord record, string slug, CancellationToken ct)
    {
        if (!await _db.GroupPermalinks.AnyAsync(g => g.Slug == slug, ct)) throw record.Error($"there is no shared group '{slug}'.");
    }
}
