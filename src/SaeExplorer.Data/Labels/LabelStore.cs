using Microsoft.EntityFrameworkCore;

namespace SaeExplorer.Data.Labels;

/// <summary>
/// People's labels: adds, edits, votes and comments, and the reads of labels, their revisions and threads (the label
/// stage's automatic labels and scores are <see cref="AutoLabelStore"/>'s). Every write is one write transaction
/// (<see cref="Providers.ISqlDialect.BeginWriteAsync"/>), so concurrent writers queue instead of losing updates, and the
/// feature's TopLabel and its search row change in that same transaction. Who may write is decided by the caller (the
/// web app's LabelWrites); the ids passed here are taken as checked.
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
        await using var tx = await db.Dialect.BeginWriteAsync(ct);
        await RequireTargetAsync(db, target, ct);
        var label = LabelRows.New(target, clean, authorId, checkedSource, checkedScore);
        db.Labels.Add(label);
        await db.SaveChangesAsync(ct);
        await TopLabels.RefreshAsync(db, target, ct);
        await tx.CommitAsync(ct);
        return label.Id;
    }

    /// <summary>
    /// Replaces a label's text when it is still at <paramref name="fromVersion"/>: a new revision, version + 1. When
    /// another edit got there first the edit is refused and both texts come back.
    /// </summary>
    public async Task<LabelEditResult> EditAsync(int labelId, int fromVersion, string text, string? editorId, CancellationToken ct = default)
    {
        var clean = LabelText.Label(text);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Dialect.BeginWriteAsync(ct);
        var label = await LabelRows.RequireAsync(db, labelId, ct);
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
            await TopLabels.RefreshAsync(db, LabelRows.TargetOf(label), ct);
        }
        await tx.CommitAsync(ct);
        return new LabelEditResult(await ViewAsync(db, label.Id, editorId, ct), null);
    }

    /// <summary>The user's vote on a label: +1, -1, or 0 to withdraw it. A repeat replaces the earlier vote.</summary>
    public async Task<LabelView> VoteAsync(int labelId, string userId, int value, CancellationToken ct = default)
    {
        if (value is < -1 or > 1) throw new LabelInputException($"A vote is +1 (up), -1 (down) or 0 (withdraw); got {value}.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Dialect.BeginWriteAsync(ct);
        var label = await LabelRows.RequireAsync(db, labelId, ct);
        var vote = await db.Votes.SingleOrDefaultAsync(v => v.LabelId == labelId && v.UserId == userId, ct);
        if (value == 0 && vote is not null) db.Votes.Remove(vote);
        else if (value != 0 && vote is null) db.Votes.Add(new LabelVote { LabelId = labelId, UserId = userId, Value = value, CastAt = DateTimeOffset.UtcNow });
        else if (vote is not null) (vote.Value, vote.CastAt) = (value, DateTimeOffset.UtcNow);
        await db.SaveChangesAsync(ct);
        await TopLabels.RefreshAsync(db, LabelRows.TargetOf(label), ct);
        await tx.CommitAsync(ct);
        return await ViewAsync(db, labelId, userId, ct);
    }

    /// <summary>Adds a comment to a label's thread and returns its id.</summary>
    public async Task<int> CommentAsync(int labelId, string? authorId, string text, CancellationToken ct = default)
    {
        var clean = LabelText.Comment(text);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Dialect.BeginWriteAsync(ct);
        await LabelRows.RequireAsync(db, labelId, ct);
        var comment = new LabelComment { LabelId = labelId, AuthorId = authorId, Text = clean, CreatedAt = DateTimeOffset.UtcNow };
        db.Comments.Add(comment);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return comment.Id;
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

    private static IQueryable<LabelRecord> On(IQueryable<LabelRecord> labels, LabelTarget target) => target switch
    {
        LabelTarget.OfFeature f => labels.Where(l => l.SaeId == f.SaeId && l.Feature == f.Feature),
        LabelTarget.OfGroup g => labels.Where(l => l.GroupSlug == g.Slug),
        _ => throw new ArgumentOutOfRangeException(nameof(target)),
    };

    private static async Task RequireTargetAsync(SaexDbContext db, LabelTarget target, CancellationToken ct)
    {
        var exists = target switch
        {
            LabelTarget.OfFeature f => await db.Features.AnyAsync(x => x.SaeId == f.SaeId && x.Feature == f.Feature, ct),
            LabelTarget.OfGroup g => await db.GroupPermalinks.AnyAsync(x => x.Slug == g.Slug, ct),
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
        var ranked = LabelRanking.Ranked(rows, r => LabelRanking.Candidate.Of(r.Id, r.Up - r.Down, r.Source, r.Score, r.ScoreNote, r.CreatedAt)).ToList();
        return ranked.Select((r, i) => new LabelView(r.Id, r.Text, r.Source, r.Score, r.Author, r.CreatedAt, r.EditedAt, r.Version, r.Up, r.Down,
            r.Mine, i == 0, comments[r.Id].ToList(), r.BalancedAccuracy, r.ScoreNote, LabelRanking.IsNameOf(r.Source, r.Score, r.ScoreNote))).ToList();
    }
}
