using Microsoft.EntityFrameworkCore;

namespace SaeExplorer.Data.Labels;

/// <summary>What every label write shares: a new label row with its first revision, finding a label, what it is on.</summary>
internal static class LabelRows
{
    public static LabelRecord New(LabelTarget target, string text, string? authorId, string source, double? score)
    {
        var now = DateTimeOffset.UtcNow;
        var label = new LabelRecord { Text = text, AuthorId = authorId, Source = source, Score = score, CreatedAt = now, EditedAt = now, Version = 1 };
        (label.SaeId, label.Feature, label.GroupSlug) = target switch
        {
            LabelTarget.OfFeature f => ((int?)f.SaeId, (int?)f.Feature, (string?)null),
            LabelTarget.OfGroup g => (null, null, g.Slug),
            _ => throw new ArgumentOutOfRangeException(nameof(target)),
        };
        label.Revisions.Add(new LabelRevision { Version = 1, Text = text, EditorId = authorId, EditedAt = now });
        return label;
    }

    public static async Task<LabelRecord> RequireAsync(SaexDbContext db, int labelId, CancellationToken ct) =>
        await db.Labels.SingleOrDefaultAsync(l => l.Id == labelId, ct) ?? throw new LabelTargetNotFoundException($"There is no label #{labelId}.");

    public static LabelTarget TargetOf(LabelRecord label) => LabelTarget.Of(label.SaeId, label.Feature, label.GroupSlug);
}
