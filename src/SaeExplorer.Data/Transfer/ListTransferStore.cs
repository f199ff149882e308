using Microsoft.EntityFrameworkCore;
using SaeExplorer.Data.Lists;

namespace SaeExplorer.Data.Transfer;

/// <summary>One row of a lists file: a list (its key in the file, name, notes) and one of its items, or none for an empty list.</summary>
public sealed record ListRow(string List, string Name, string? Notes, string? Workspace, int? Feature, string? Group, string? Note);

/// <summary>
/// Lists out to and in from JSON or CSV (<see cref="TransferTable"/>), one row per item. Rows with the same 'list' key
/// make one list; an import makes new lists (new slugs) owned by the importer, checked whole, written in one transaction.
/// </summary>
public sealed class ListTransferStore(IDbContextFactory<SaexDbContext> dbFactory)
{
    public static readonly string[] Columns = ["list", "name", "notes", "workspace", "feature", "group", "note"];

    public async Task<IReadOnlyList<ListRow>> ExportAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var lists = await db.Lists.AsNoTracking().Include(l => l.Items).OrderBy(l => l.Id).ToListAsync(ct);
        var workspaceOfSae = await db.Saes.AsNoTracking().Join(db.Workspaces, s => s.WorkspaceId, w => w.Id, (s, w) => new { s.Id, w.Name })
            .ToDictionaryAsync(x => x.Id, x => x.Name, ct);
        return lists.SelectMany(l => l.Items.Count == 0
            ? [new ListRow(l.Slug, l.Name, l.Notes, null, null, null, null)]
            : l.Items.OrderBy(i => i.Id).Select(i => new ListRow(l.Slug, l.Name, l.Notes,
                i.SaeId is { } sae ? workspaceOfSae.GetValueOrDefault(sae) : null, i.Feature, i.GroupSlug, i.Note))).ToList();
    }

    public static void Write(Stream stream, TransferFormat format, IEnumerable<ListRow> rows) =>
        TransferTable.Write(stream, format, Columns, rows.Select(r => new object?[] { r.List, r.Name, r.Notes, r.Workspace, r.Feature, r.Group, r.Note }));

    /// <summary>Reads and imports a file; returns the new lists' slugs, in the file's order.</summary>
    /// <exception cref="TransferException">A line is wrong (the message names it); nothing was imported.</exception>
    public async Task<IReadOnlyList<string>> ImportAsync(string content, TransferFormat format, string ownerId, CancellationToken ct = default)
    {
        var records = TransferTable.Read(content, format, Columns);
        if (records.Count == 0) throw new TransferException("the file holds no list.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var known = await TransferTargets.LoadAsync(db, ct);
        var now = DateTimeOffset.UtcNow;
        var lists = new Dictionary<string, CuratedList>(StringComparer.Ordinal);
        foreach (var r in records)
        {
            var key = r.Required("list");
            if (!lists.TryGetValue(key, out var list))
            {
                list = r.Checked(() => new CuratedList
                {
                    Slug = ListSlug.New(), Name = ListStore.Name(r["name"]), Notes = ListStore.Notes(r["notes"], ListStore.MaxNotes, "A list's notes are"),
                    OwnerId = ownerId, CreatedAt = now, UpdatedAt = now,
                });
                lists[key] = list;
            }
            if (await ItemAsync(known, r, ownerId, now, ct) is { } item) list.Items.Add(item);
        }

        await using var tx = await db.Dialect.BeginWriteAsync(ct);
        db.Lists.AddRange(lists.Values);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return lists.Values.Select(l => l.Slug).ToList();
    }

    private static async Task<CuratedListItem?> ItemAsync(TransferTargets known, TransferRecord r, string ownerId, DateTimeOffset now, CancellationToken ct)
    {
        var (workspace, feature, group) = (r["workspace"], r.Int("feature"), r["group"]);
        if (workspace is null && feature is null && group is null) return null; // an empty list's row
        var note = r.Checked(() => ListStore.Notes(r["note"], ListStore.MaxItemNote, "An item's note is"));
        var item = new CuratedListItem { Note = note, AddedById = ownerId, AddedAt = now };
        if (group is not null)
        {
            if (feature is not null) throw r.Error("an item is a feature or a shared group, not both.");
            await known.GroupAsync(r, group, ct);
            item.GroupSlug = group;
            return item;
        }
        if (workspace is null || feature is null) throw r.Error("a feature item needs both 'workspace' and 'feature'.");
        (item.SaeId, item.Feature) = (await known.FeatureAsync(r, workspace, feature.Value, ct), feature);
        return item;
    }
}
