using Microsoft.EntityFrameworkCore;
using SaeExplorer.Data.Features;

namespace SaeExplorer.Data.Labels;

/// <summary>
/// Keeps a feature's denormalised top label (FeatureRecord.TopLabel and its FeatureLabelSearch row) equal to the
/// ranking of its labels. Called inside the transaction of every write that can change the ranking.
/// </summary>
internal static class TopLabels
{
    public static async Task RefreshAsync(SaexDbContext db, LabelTarget target, CancellationToken ct)
    {
        if (target is not LabelTarget.OfFeature(var saeId, var feature)) return; // groups show their ranking on their own page
        var candidates = await db.Labels.Where(l => l.SaeId == saeId && l.Feature == feature)
            .Select(l => new { l.Id, l.Text, Net = l.Votes.Sum(v => v.Value), l.Score, l.CreatedAt })
            .ToListAsync(ct);
        var top = LabelRanking.Ranked(candidates, c => new LabelRanking.Candidate(c.Id, c.Net, c.Score, c.CreatedAt)).FirstOrDefault()?.Text;
        await db.Features.Where(f => f.SaeId == saeId && f.Feature == feature).ExecuteUpdateAsync(u => u.SetProperty(f => f.TopLabel, top), ct);
        await LabelSearch.WriteAsync(db, saeId, feature, top, ct);
    }
}
