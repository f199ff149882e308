using Microsoft.EntityFrameworkCore;

namespace SaeExplorer.Data.Labels;

/// <summary>
/// Keeps a feature's denormalised top label (FeatureRecord.TopLabel, whether it is shown as the name and whether a
/// person wrote it, and its searchable copy) equal to the ranking of its labels. Called inside the transaction of every
/// write that can change the ranking.
/// </summary>
internal static class TopLabels
{
    public static async Task RefreshAsync(SaexDbContext db, LabelTarget target, CancellationToken ct)
    {
        if (target is not LabelTarget.OfFeature(var saeId, var feature)) return; // groups show their ranking on their own page
        var candidates = await db.Labels.Where(l => l.SaeId == saeId && l.Feature == feature)
            .Select(l => new { l.Id, l.Text, Net = l.Votes.Sum(v => v.Value), l.Source, l.Score, l.ScoreNote, l.CreatedAt })
            .ToListAsync(ct);
        var top = LabelRanking.Ranked(candidates, c => LabelRanking.Candidate.Of(c.Id, c.Net, c.Source, c.Score, c.ScoreNote, c.CreatedAt)).FirstOrDefault();
        await WriteAsync(db, saeId, feature, top?.Text, top?.Score, top is not null && LabelRanking.IsNameOf(top.Source, top.Score, top.ScoreNote),
            top?.Source == LabelSource.Human, ct);
    }

    /// <summary>
    /// Every feature of the SAE at once, e.g. after a re-index rewrote the Features rows (and emptied their top labels):
    /// features without labels get none.
    /// </summary>
    public static async Task RefreshAllAsync(SaexDbContext db, int saeId, CancellationToken ct)
    {
        var candidates = await db.Labels.Where(l => l.SaeId == saeId)
            .Select(l => new { Feature = l.Feature!.Value, l.Id, l.Text, Net = l.Votes.Sum(v => v.Value), l.Source, l.Score, l.ScoreNote, l.CreatedAt })
            .ToListAsync(ct);
        await db.Features.Where(f => f.SaeId == saeId && f.TopLabel != null)
            .ExecuteUpdateAsync(u => u.SetProperty(f => f.TopLabel, (string?)null).SetProperty(f => f.TopLabelScore, (double?)null)
                .SetProperty(f => f.TopLabelIsName, false).SetProperty(f => f.TopLabelByPerson, false), ct);
        await db.Dialect.ClearFeatureLabelsAsync(saeId, ct);
        foreach (var feature in candidates.GroupBy(c => c.Feature))
        {
            var top = LabelRanking.Ranked(feature, c => LabelRanking.Candidate.Of(c.Id, c.Net, c.Source, c.Score, c.ScoreNote, c.CreatedAt)).First();
            await WriteAsync(db, saeId, feature.Key, top.Text, top.Score, LabelRanking.IsNameOf(top.Source, top.Score, top.ScoreNote),
                top.Source == LabelSource.Human, ct);
        }
    }

    private static async Task WriteAsync(SaexDbContext db, int saeId, int feature, string? text, double? score, bool isName, bool byPerson,
        CancellationToken ct)
    {
        await db.Features.Where(f => f.SaeId == saeId && f.Feature == feature)
            .ExecuteUpdateAsync(u => u.SetProperty(f => f.TopLabel, text).SetProperty(f => f.TopLabelScore, score)
                .SetProperty(f => f.TopLabelIsName, isName).SetProperty(f => f.TopLabelByPerson, byPerson), ct);
        await db.Dialect.SetFeatureLabelAsync(saeId, feature, text, ct);
    }
}
