using Microsoft.EntityFrameworkCore;

namespace SaeExplorer.Data.Labels;

/// <summary>An automatic label for one feature, as a naming run gives it (held-out AUROC, balanced accuracy, why none).</summary>
public sealed record FeatureLabelInput(int Feature, string Text, double? Score, double? BalancedAccuracy = null, string? ScoreNote = null);

/// <summary>A label's detection score: held-out AUROC and balanced accuracy, or the reason there is none.</summary>
public sealed record LabelScore(double? Auroc, double? BalancedAccuracy, string? Note)
{
    public static LabelScore None(string note) => new(null, null, note);
}

/// <summary>What a replace of a run's automatic labels did.</summary>
public sealed record AutoLabelChanges(int Added, int Changed, int Removed, int Unchanged);

/// <summary>A person's label on a feature, for scoring.</summary>
public sealed record HumanFeatureLabel(int Id, int Feature, string Text);

/// <summary>
/// The label stage's writes: an SAE's automatic labels as one run, and the detection scores of every label (people's
/// included, scored against the run's vocabulary). People's edits, votes and comments are <see cref="LabelStore"/>'s.
/// Each write is one write transaction in which the features' top labels follow.
/// </summary>
public sealed class AutoLabelStore(IDbContextFactory<SaexDbContext> dbFactory)
{
    /// <summary>
    /// Makes an SAE's labels from <paramref name="source"/> exactly <paramref name="labels"/> (one per feature), in one
    /// transaction: a feature's existing label of that source keeps its id, votes and comments and takes the new text
    /// as a revision when it changed; labels of that source on features not listed are removed. Labels from any other
    /// source (a person's, another method's) are never touched. Re-running with the same input changes nothing.
    /// </summary>
    public async Task<AutoLabelChanges> ReplaceAutoLabelsAsync(int saeId, string source, IReadOnlyList<FeatureLabelInput> labels,
        CancellationToken ct = default)
    {
        var checkedSource = LabelSource.Checked(source);
        if (checkedSource == LabelSource.Human) throw new LabelInputException("Only automatic labels are replaced as a run; a person's labels are edited one by one.");
        var twice = labels.GroupBy(l => l.Feature).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new LabelInputException($"A run gives one label per feature; feature #{twice.Key} has {twice.Count()}.");
        var fresh = labels.ToDictionary(l => l.Feature, l => (Input: l, Text: LabelText.Label(l.Text), Score: LabelSource.CheckedScore(l.Score)));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Dialect.BeginWriteAsync(ct);
        await RequireFeaturesAsync(db, saeId, fresh.Keys.ToList(), ct);
        var existing = await db.Labels.Where(l => l.SaeId == saeId && l.Source == checkedSource).OrderBy(l => l.Id).ToListAsync(ct);
        int added = 0, changed = 0, removed = 0, unchanged = 0;
        var now = DateTimeOffset.UtcNow;
        foreach (var label in existing)
        {
            var feature = label.Feature!.Value;
            if (!fresh.Remove(feature, out var next)) // not in this run, or a second label of the source on one feature
            {
                db.Labels.Remove(label);
                removed++;
                continue;
            }
            var same = label.Text == next.Text && label.Score == next.Score && label.BalancedAccuracy == next.Input.BalancedAccuracy
                       && label.ScoreNote == next.Input.ScoreNote;
            if (same) { unchanged++; continue; }
            if (label.Text != next.Text)
            {
                label.Text = next.Text;
                label.Version++;
                label.EditedAt = now;
                db.Revisions.Add(new LabelRevision { LabelId = label.Id, Version = label.Version, Text = next.Text, EditorId = null, EditedAt = now });
            }
            (label.Score, label.BalancedAccuracy, label.ScoreNote) = (next.Score, next.Input.BalancedAccuracy, next.Input.ScoreNote);
            changed++;
        }
        foreach (var next in fresh.Values)
        {
            db.Labels.Add(NewAutoLabel(saeId, next.Input, checkedSource));
            added++;
        }
        await db.SaveChangesAsync(ct);
        // Every feature, not only the touched ones: a re-index before this run emptied the Features rows' top labels.
        await TopLabels.RefreshAllAsync(db, saeId, ct);
        await tx.CommitAsync(ct);
        return new AutoLabelChanges(added, changed, removed, unchanged);
    }

    /// <summary>The features of the SAE that have a label from <paramref name="source"/> (what a resumed run skips).</summary>
    public async Task<IReadOnlySet<int>> FeaturesLabelledByAsync(int saeId, string source, CancellationToken ct = default)
    {
        var checkedSource = LabelSource.Checked(source);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await db.Labels.AsNoTracking().Where(l => l.SaeId == saeId && l.Source == checkedSource && l.Feature != null)
            .Select(l => l.Feature!.Value).ToListAsync(ct)).ToHashSet();
    }

    /// <summary>
    /// One automatic label as it arrives (a vision model's answer): added, or, when the feature already has a label from
    /// <paramref name="source"/>, that label revised (keeping its id, votes and comments); the feature's top label
    /// follows in the same transaction. Returns the label's id.
    /// </summary>
    public async Task<int> PutAutoLabelAsync(int saeId, string source, FeatureLabelInput label, CancellationToken ct = default)
    {
        var checkedSource = LabelSource.Checked(source);
        if (checkedSource == LabelSource.Human) throw new LabelInputException("Only automatic labels are put by a run; a person's labels are written one by one.");
        var text = LabelText.Label(label.Text);
        var score = LabelSource.CheckedScore(label.Score);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Dialect.BeginWriteAsync(ct);
        await RequireFeaturesAsync(db, saeId, [label.Feature], ct);
        var existing = await db.Labels.Where(l => l.SaeId == saeId && l.Feature == label.Feature && l.Source == checkedSource).OrderBy(l => l.Id)
            .FirstOrDefaultAsync(ct);
        if (existing is null)
        {
            existing = NewAutoLabel(saeId, label, checkedSource);
            db.Labels.Add(existing);
        }
        else
        {
            if (existing.Text != text)
            {
                var now = DateTimeOffset.UtcNow;
                (existing.Text, existing.EditedAt) = (text, now);
                existing.Version++;
                db.Revisions.Add(new LabelRevision { LabelId = existing.Id, Version = existing.Version, Text = text, EditorId = null, EditedAt = now });
            }
            (existing.Score, existing.BalancedAccuracy, existing.ScoreNote) = (score, LabelSource.CheckedScore(label.BalancedAccuracy), label.ScoreNote);
        }
        await db.SaveChangesAsync(ct);
        await TopLabels.RefreshAsync(db, new LabelTarget.OfFeature(saeId, label.Feature), ct);
        await tx.CommitAsync(ct);
        return existing.Id;
    }

    /// <summary>Every label a person wrote on a feature of the SAE (what the scoring stage scores).</summary>
    public async Task<IReadOnlyList<HumanFeatureLabel>> HumanFeatureLabelsAsync(int saeId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Labels.AsNoTracking().Where(l => l.SaeId == saeId && l.Source == LabelSource.Human).OrderBy(l => l.Id)
            .Select(l => new HumanFeatureLabel(l.Id, l.Feature!.Value, l.Text)).ToListAsync(ct);
    }

    /// <summary>Records a label's detection score with its balanced accuracy, or why there is none; the top label follows.</summary>
    /// <param name="ifText">When given, only while the label still has this text (an edit since makes the score stale).</param>
    public async Task SetScoreAsync(int labelId, LabelScore score, CancellationToken ct = default, string? ifText = null)
    {
        var checkedScore = LabelSource.CheckedScore(score.Auroc);
        LabelSource.CheckedScore(score.BalancedAccuracy);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Dialect.BeginWriteAsync(ct);
        var label = await LabelRows.RequireAsync(db, labelId, ct);
        if (ifText is not null && label.Text != ifText) return;
        (label.Score, label.BalancedAccuracy, label.ScoreNote) = (checkedScore, score.BalancedAccuracy, score.Note);
        await db.SaveChangesAsync(ct);
        await TopLabels.RefreshAsync(db, LabelRows.TargetOf(label), ct);
        await tx.CommitAsync(ct);
    }

    private static LabelRecord NewAutoLabel(int saeId, FeatureLabelInput input, string source)
    {
        var label = LabelRows.New(new LabelTarget.OfFeature(saeId, input.Feature), LabelText.Label(input.Text), null, source, LabelSource.CheckedScore(input.Score));
        (label.BalancedAccuracy, label.ScoreNote) = (LabelSource.CheckedScore(input.BalancedAccuracy), input.ScoreNote);
        return label;
    }

    private static async Task RequireFeaturesAsync(SaexDbContext db, int saeId, IReadOnlyList<int> wanted, CancellationToken ct)
    {
        var known = (await db.Features.Where(f => f.SaeId == saeId).Select(f => f.Feature).ToListAsync(ct)).ToHashSet();
        var missing = wanted.Where(f => !known.Contains(f)).Order().ToList();
        if (missing.Count > 0)
            throw new LabelTargetNotFoundException($"SAE {saeId} has no indexed feature #{missing[0]}{(missing.Count > 1 ? $" (nor {missing.Count - 1} more)" : "")}; no label was written.");
    }
}
