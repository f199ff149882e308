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
/// Writes and reads labels, their revisions, votes and comments. Every write is one SQLite IMMEDIATE transaction
/// (EF's BeginTransaction on SQLite takes the write lock at BEGIN), so concurrent writers queue instead of losing
/// updates, and the feature's TopLabel and its search row change in that same transaction. Who may write is
/// decided by the caller (the web app's LabelWrites); the ids passed here are taken as checked.
/// </summary>
public sealed class LabelStore(IDbContextFactory<SaexDbContext> dbFactory)
{
    /// <summary>Adds a label (version 1, its first revision) and returns its id.</summary>
    /// <param name="authorId">The user who wrote it; null for an automatic label.</param>
    /// <param name="source">"human" (null means that) or "autointerp:&lt;method&gt;".</param>
    public async Task<int> AddAsync(LabelTarget target, string text, string? authorId, string? source = null, double? score = null,
        CancellationToken ct = default)
    {
        var clean = LabelText.Label(text);
        var checkedSource = LabelSource.Checked(source);
        var checkedScore = LabelSource.CheckedScore(score);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await RequireTargetAsync(db, target, ct);
        var label = NewLabel(target, clean, authorId, checkedSource, checkedScore);
        db.Labels.Add(label);
        await db.SaveChangesAsync(ct);
        await TopLabels.RefreshAsync(db, target, ct);
        await tx.CommitAsync(ct);
        return label.Id;
    }

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
        await using var tx = await db.Database.BeginTransactionAsync(ct);
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
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var target = new LabelTarget.OfFeature(saeId, label.Feature);
        await RequireTargetAsync(db, target, ct);
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
        await TopLabels.RefreshAsync(db, target, ct);
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

    /// <summary>
    /// Replaces a label's text when it is still at <paramref name="fromVersion"/>: a new revision, version + 1. When
    /// another edit got there first the edit is refused and both texts come back.
    /// </summary>
    public async Task<LabelEditResult> EditAsync(int labelId, int fromVersion, string text, string? editorId, CancellationToken ct = default)
    {
        var clean = LabelText.Label(text);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var label = await RequireLabelAsync(db, labelId, ct);
        if (label.Version != fromVersion)
            return new LabelEditResult(await ViewAsync(db, label.Id, editorId, ct), new LabelConflict(clean, fromVersion, label.Version));
        if (label.Text != clean)
        {
            var now = DateTimeOffset.UtcNow;
            label.Text = clean;
            label.Version++;
            label.EditedAt = now;
            db.Revisions.Add(new LabelRevision { LabelId = label.Id, Version = label.Version, Text = clean, EditorId = editorId, EditedAt = now });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Only a writer outside these transactions can get here; the stored row is the answer.
                db.ChangeTracker.Clear();
                var stored = await ViewAsync(db, labelId, editorId, ct);
                return new LabelEditResult(stored, new LabelConflict(clean, fromVersion, stored.Version));
            }
            await TopLabels.RefreshAsync(db, TargetOf(label), ct);
        }
        await tx.CommitAsync(ct);
        return new LabelEditResult(await ViewAsync(db, label.Id, editorId, ct), null);
    }

    /// <summary>The user's vote on a label: +1, -1, or 0 to withdraw it. A repeat replaces the earlier vote.</summary>
    public async Task<LabelView> VoteAsync(int labelId, string userId, int value, CancellationToken ct = default)
    {
        if (value is < -1 or > 1) throw new LabelInputException($"A vote is +1 (up), -1 (down) or 0 (withdraw); got {value}.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var label = await RequireLabelAsync(db, labelId, ct);
        var vote = await db.Votes.SingleOrDefaultAsync(v => v.LabelId == labelId && v.UserId == userId, ct);
        if (value == 0 && vote is not null) db.Votes.Remove(vote);
        else if (value != 0 && vote is null) db.Votes.Add(new LabelVote { LabelId = labelId, UserId = userId, Value = value, CastAt = DateTimeOffset.UtcNow });
        else if (vote is not null) (vote.Value, vote.CastAt) = (value, DateTimeOffset.UtcNow);
        await db.SaveChangesAsync(ct);
        await TopLabels.RefreshAsync(db, TargetOf(label), ct);
        await tx.CommitAsync(ct);
        return await ViewAsync(db, labelId, userId, ct);
    }

    /// <summary>Adds a comment to a label's thread and returns its id.</summary>
    public async Task<int> CommentAsync(int labelId, string? authorId, string text, CancellationToken ct = default)
    {
        var clean = LabelText.Comment(text);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await RequireLabelAsync(db, labelId, ct);
        var comment = new LabelComment { LabelId = labelId, AuthorId = authorId, Text = clean, CreatedAt = DateTimeOffset.UtcNow };
        db.Comments.Add(comment);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return comment.Id;
    }

    /// <summary>Records a label's detection score with its balanced accuracy, or why there is none; the top label follows.</summary>
    /// <param name="ifText">When given, only while the label still has this text (an edit since makes the score stale).</param>
    public async Task SetScoreAsync(int labelId, LabelScore score, CancellationToken ct = default, string? ifText = null)
    {
        var checkedScore = LabelSource.CheckedScore(score.Auroc);
        LabelSource.CheckedScore(score.BalancedAccuracy);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var label = await RequireLabelAsync(db, labelId, ct);
        if (ifText is not null && label.Text != ifText) return;
        (label.Score, label.BalancedAccuracy, label.ScoreNote) = (checkedScore, score.BalancedAccuracy, score.Note);
        await db.SaveChangesAsync(ct);
        await TopLabels.RefreshAsync(db, TargetOf(label), ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>What a label is on; null for an unknown id.</summary>
    public async Task<LabelTarget?> TargetAsync(int labelId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Labels.AsNoTracking().Where(l => l.Id == labelId).Select(l => new { l.SaeId, l.Feature, l.GroupSlug }).SingleOrDefaultAsync(ct);
        return row is null ? null : LabelTarget.Of(row.SaeId, row.Feature, row.GroupSlug);
    }

    /// <summary>A target's labels, top label first (see <see cref="LabelRanking"/>), with <paramref name="viewerId"/>'s votes.</summary>
    public async Task<IReadOnlyList<LabelView>> ForTargetAsync(LabelTarget target, string? viewerId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ViewsAsync(db, On(db.Labels.AsNoTracking(), target), viewerId, ct);
    }

    /// <summary>One label as <see cref="ForTargetAsync"/> shows it; null for an unknown id.</summary>
    public async Task<LabelView?> FindAsync(int labelId, string? viewerId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Labels.AnyAsync(l => l.Id == labelId, ct) ? await ViewAsync(db, labelId, viewerId, ct) : null;
    }

    /// <summary>Every text the label had, oldest first; null for an unknown id.</summary>
    public async Task<IReadOnlyList<RevisionView>?> HistoryAsync(int labelId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Labels.AnyAsync(l => l.Id == labelId, ct)) return null;
        return await db.Revisions.AsNoTracking().Where(r => r.LabelId == labelId).OrderBy(r => r.Version)
            .Select(r => new RevisionView(r.Version, r.Text, db.Users.Where(u => u.Id == r.EditorId).Select(u => u.UserName).FirstOrDefault(), r.EditedAt))
            .ToListAsync(ct);
    }

    internal static LabelRecord NewLabel(LabelTarget target, string text, string? authorId, string source, double? score)
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

    private static LabelRecord NewAutoLabel(int saeId, FeatureLabelInput input, string source)
    {
        var label = NewLabel(new LabelTarget.OfFeature(saeId, input.Feature), LabelText.Label(input.Text), null, source, LabelSource.CheckedScore(input.Score));
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

    private static IQueryable<LabelRecord> On(IQueryable<LabelRecord> labels, LabelTarget target) => target switch
    {
        LabelTarget.OfFeature f => labels.Where(l => l.SaeId == f.SaeId && l.Feature == f.Feature),
        LabelTarget.OfGroup g => labels.Where(l => l.GroupSlug == g.Slug),
        _ => throw new ArgumentOutOfRangeException(nameof(target)),
    };

    private static LabelTarget TargetOf(LabelRecord label) => LabelTarget.Of(label.SaeId, label.Feature, label.GroupSlug);

    private static async Task RequireTargetAsync(SaexDbContext db, LabelTarget target, CancellationToken ct)
    {
        var exists = target switch
        {
            LabelTarget.OfFeature f => await db.Features.AnyAsync(x => x.SaeId == f.SaeId && x.Feature == f.Feature, ct),
            LabelTarget.OfGroup g => await db.SharedGroups.AnyAsync(x => x.Slug == g.Slug, ct),
            _ => false,
        };
        if (!exists)
            throw new LabelTargetNotFoundException(target switch
            {
                LabelTarget.OfFeature f => $"SAE {f.SaeId} has no indexed feature #{f.Feature} to label.",
                LabelTarget.OfGroup g => $"There is no shared group '{g.Slug}' to label.",
                _ => "unknown target",
            });
    }

    private static async Task<LabelRecord> RequireLabelAsync(SaexDbContext db, int labelId, CancellationToken ct) =>
        await db.Labels.SingleOrDefaultAsync(l => l.Id == labelId, ct) ?? throw new LabelTargetNotFoundException($"There is no label #{labelId}.");

    private static async Task<LabelView> ViewAsync(SaexDbContext db, int labelId, string? viewerId, CancellationToken ct) =>
        (await ViewsAsync(db, db.Labels.AsNoTracking().Where(l => l.Id == labelId), viewerId, ct, rankAmongTarget: true)).Single(v => v.Id == labelId);

    /// <param name="rankAmongTarget">Rank against the label's whole target (so IsTop is right for a single label).</param>
    private static async Task<IReadOnlyList<LabelView>> ViewsAsync(SaexDbContext db, IQueryable<LabelRecord> labels, string? viewerId,
        CancellationToken ct, bool rankAmongTarget = false)
    {
        if (rankAmongTarget)
        {
            var one = await labels.Select(l => new { l.SaeId, l.Feature, l.GroupSlug }).SingleAsync(ct);
            labels = On(db.Labels.AsNoTracking(), LabelTarget.Of(one.SaeId, one.Feature, one.GroupSlug));
        }
        var rows = await labels.Select(l => new
        {
            l.Id, l.Text, l.Source, l.Score, l.BalancedAccuracy, l.ScoreNote, l.CreatedAt, l.EditedAt, l.Version,
            Author = db.Users.Where(u => u.Id == l.AuthorId).Select(u => u.UserName).FirstOrDefault(),
            Up = l.Votes.Count(v => v.Value > 0),
            Down = l.Votes.Count(v => v.Value < 0),
            Mine = l.Votes.Where(v => v.UserId == viewerId).Select(v => (int?)v.Value).FirstOrDefault(),
        }).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var comments = (await db.Comments.AsNoTracking().Where(c => ids.Contains(c.LabelId)).OrderBy(c => c.Id)
                .Select(c => new { c.LabelId, View = new CommentView(c.Id, c.Text, db.Users.Where(u => u.Id == c.AuthorId).Select(u => u.UserName).FirstOrDefault(), c.CreatedAt) })
                .ToListAsync(ct))
            .ToLookup(c => c.LabelId, c => c.View);
        var ranked = LabelRanking.Ranked(rows, r => new LabelRanking.Candidate(r.Id, r.Up - r.Down, r.Score, r.CreatedAt)).ToList();
        return ranked.Select((r, i) => new LabelView(r.Id, r.Text, r.Source, r.Score, r.Author, r.CreatedAt, r.EditedAt, r.Version, r.Up, r.Down,
            r.Mine, i == 0, comments[r.Id].ToList(), r.BalancedAccuracy, r.ScoreNote)).ToList();
    }
}
