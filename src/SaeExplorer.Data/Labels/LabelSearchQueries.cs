using Microsoft.EntityFrameworkCore;
using SaeExplorer.Data.Providers;

namespace SaeExplorer.Data.Labels;

/// <summary>
/// Full-text search over every label and comment, best matches first, with the matched words marked (the provider's
/// full text, <see cref="ISqlDialect.SearchLabelTextAsync"/>). Any user text is safe: it is taken as words, never as
/// query syntax.
/// </summary>
public sealed class LabelSearchQueries(IDbContextFactory<SaexDbContext> dbFactory)
{
    public const int MaxResults = 200;

    public async Task<IReadOnlyList<LabelSearchHit>> SearchAsync(string? text, int take = 50, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await db.Dialect.SearchLabelTextAsync(text ?? "", Math.Clamp(take, 1, MaxResults), ct);
        if (found.Count == 0) return [];
        var commentIds = found.Where(f => f.InComment).Select(f => f.Id).ToList();
        var commentLabel = await db.Comments.AsNoTracking().Where(c => commentIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.LabelId, ct);
        int? LabelOf(LabelTextMatch f) => !f.InComment ? f.Id : commentLabel.TryGetValue(f.Id, out var l) ? l : null;
        var labelIds = found.Select(LabelOf).OfType<int>().Distinct().ToList();
        var labels = await db.Labels.AsNoTracking().Where(l => labelIds.Contains(l.Id)).Select(l => new
        {
            l.Id, l.Text, l.Feature, l.GroupSlug, l.Source, l.Score, l.ScoreNote,
            Workspace = db.Saes.Where(s => s.Id == l.SaeId).SelectMany(s => db.Workspaces.Where(w => w.Id == s.WorkspaceId)).Select(w => w.Name).FirstOrDefault(),
        }).ToDictionaryAsync(l => l.Id, ct);
        return found.Where(f => LabelOf(f) is { } id && labels.ContainsKey(id))
            .Select(f =>
            {
                var label = labels[LabelOf(f)!.Value];
                return new LabelSearchHit(label.Id, f.InComment, Spans(f.Marked), label.Text, label.Workspace, label.Feature, label.GroupSlug, f.Rank)
                {
                    IsName = LabelRanking.IsNameOf(label.Source, label.Score, label.ScoreNote),
                };
            })
            .OrderBy(h => !h.IsName) // names before candidates, each best match first (OrderBy is stable)
            .ToList();
    }

    /// <summary>Cuts the marked text at its markers into plain and matched spans.</summary>
    internal static IReadOnlyList<MarkedSpan> Spans(string marked)
    {
        var spans = new List<MarkedSpan>();
        var match = false;
        var start = 0;
        for (var i = 0; i <= marked.Length; i++)
        {
            if (i < marked.Length && marked[i] is not (ISqlDialect.MatchOpen or ISqlDialect.MatchClose)) continue;
            if (i > start) spans.Add(new MarkedSpan(marked[start..i], match));
            if (i < marked.Length) match = marked[i] == ISqlDialect.MatchOpen;
            start = i + 1;
        }
        return spans;
    }
}
