using Microsoft.EntityFrameworkCore;
using SaeExplorer.Data.Labels;

namespace SaeExplorer.Data.Transfer;

/// <summary>One label in an export or import file: on a feature of a workspace's active SAE, or on a shared group.</summary>
/// <param name="Author">The writer's user name (exports say it; an import credits the importer, never a name in the file).</param>
public sealed record LabelRow(string Workspace, int? Feature, string? Group, string Text, string Source, double? Score, double? BalancedAccuracy, string? Author);

/// <summary>
/// Labels out to and in from JSON or CSV files (<see cref="TransferTable"/>). An import is checked whole before anything
/// is written, then written in one transaction: a bad line refuses the file, naming the line, and nothing is imported.
/// </summary>
public sealed class LabelTransferStore(IDbContextFactory<SaexDbContext> dbFactory)
{
    public static readonly string[] Columns = ["workspace", "feature", "group", "text", "source", "score", "balanced_accuracy", "author"];

    /// <summary>Every label (of the workspace's active SAE and its shared groups, or of all workspaces), oldest first.</summary>
    public async Task<IReadOnlyList<LabelRow>> ExportAsync(string? workspace = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Labels.AsNoTracking().OrderBy(l => l.Id).Select(l => new
        {
            Workspace = l.SaeId != null
                ? db.Saes.Where(s => s.Id == l.SaeId).Join(db.Workspaces, s => s.WorkspaceId, w => w.Id, (s, w) => w.Name).FirstOrDefault()
                : db.GroupPermalinks.Where(g => g.Slug == l.GroupSlug).Join(db.Workspaces, g => g.WorkspaceId, w => w.Id, (g, w) => w.Name).FirstOrDefault(),
            Active = l.SaeId == null || db.Saes.Any(s => s.Id == l.SaeId && s.IsActive),
            l.Feature, l.GroupSlug, l.Text, l.Source, l.Score, l.BalancedAccuracy,
            Author = db.Users.Where(u => u.Id == l.AuthorId).Select(u => u.UserName).FirstOrDefault(),
        }).ToListAsync(ct);
        return rows.Where(r => r.Workspace is not null && r.Active && (workspace is null || r.Workspace == workspace))
            .Select(r => new LabelRow(r.Workspace!, r.Feature, r.GroupSlug, r.Text, r.Source, r.Score, r.BalancedAccuracy, r.Author)).ToList();
    }

    public static void Write(Stream stream, TransferFormat format, IEnumerable<LabelRow> rows) =>
        TransferTable.Write(stream, format, Columns,
            rows.Select(r => new object?[] { r.Workspace, r.Feature, r.Group, r.Text, r.Source, r.Score, r.BalancedAccuracy, r.Author }));

    /// <summary>Reads and imports a file; returns how many labels were added, and on what.</summary>
    /// <param name="importerId">The user the file's human labels are credited to.</param>
    /// <exception cref="TransferException">A line is wrong (the message names it); nothing was imported.</exception>
    public async Task<ImportedLabels> ImportAsync(string content, TransferFormat format, string? importerId, CancellationToken ct = default)
    {
        var records = TransferTable.Read(content, format, Columns);
        if (records.Count == 0) throw new TransferException("the file holds no label.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var known = await TransferTargets.LoadAsync(db, ct);
        var labels = new List<LabelRecord>();
        var targets = new HashSet<LabelTarget>();
        foreach (var record in records)
        {
            var row = Parse(record);
            LabelTarget target;
            if (row.Group is { } slug)
            {
                await known.GroupAsync(record, slug, ct);
                target = new LabelTarget.OfGroup(slug);
            }
            else target = new LabelTarget.OfFeature(await known.FeatureAsync(record, row.Workspace, row.Feature!.Value, ct), row.Feature.Value);
            var label = LabelRows.New(target, row.Text, row.Source == LabelSource.Human ? importerId : null, row.Source, row.Score);
            label.BalancedAccuracy = row.BalancedAccuracy;
            labels.Add(label);
            targets.Add(target);
        }

        await using var tx = await db.Dialect.BeginWriteAsync(ct);
        db.Labels.AddRange(labels);
        await db.SaveChangesAsync(ct);
        foreach (var target in targets) await TopLabels.RefreshAsync(db, target, ct);
        await tx.CommitAsync(ct);
        return new ImportedLabels(labels.Count, targets);
    }

    private static LabelRow Parse(TransferRecord r)
    {
        var workspace = r["workspace"];
        var (feature, group) = (r.Int("feature"), r["group"]);
        if ((feature is null) == (group is null)) throw r.Error("a label is on a feature ('feature', with 'workspace') or on a shared group ('group'): give one of them.");
        if (feature is not null && workspace is null) throw r.Error("'workspace' is missing: a feature number means nothing without it.");
        return r.Checked(() => new LabelRow(workspace ?? "", feature, group, LabelText.Label(r["text"]), LabelSource.Checked(r["source"]),
            r.Double("score"), r.Double("balanced_accuracy"), r["author"]));
    }
}

/// <summary>What a label import added: how many labels, on which features and groups.</summary>
public sealed record ImportedLabels(int Count, IReadOnlyCollection<LabelTarget> Targets);
