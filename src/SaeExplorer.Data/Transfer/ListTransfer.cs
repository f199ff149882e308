using Microsoft.EntityFrameworkCore;
using SaeExplorer.Data.Lists;

namespace SaeExplorer.Data.Transfer;

/// <summary>One row of a lists file: a list (its key in the file, name, notes) and one of its items, or none for an empty list.</summary>
public sealed record ListRow(string List, string Name, string? Notes, string? Workspace, int? Feature, string? Group, string? Note);

/// <summary>
/// Lists out to and in from JSON or CSV (<see cref="TransferTable"/>), one row per item. Rows with the same 'list' key
/// make one list; an import makes new lists (new slugs) owned by the importer, checked whole, written in one transaction.
/// </summary>
public sealed class ListTransfer(IDbContextFactory<SaexDbContext> dbFactory)
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
        var saes = await db.Workspaces.AsNoTracking()
            .Select(w => new { w.Name, SaeId = db.Saes.Where(s => s.WorkspaceId == w.Id && s.IsActive).Select(s => (int?)s.Id).FirstOrDefault() })
            .ToDictionaryAsync(w => w.Name, w => w.SaeId, ct);
        var now = DateTimeOffset.UtcNow;
        var lists = new Dictionary<string, CuratedList>(StringComparer.Ordinal);
        foreach (var r in records)
        {
            var key = r.Required("list");
            if (!lists.TryGetValue(key, out var list))
            {
                try
                {
                    list = new CuratedList
                    {
                        Slug = ListSlug.New(), Name = ListStore.Name(r["name"]), Notes = ListStore.Notes(r["notes"], ListStore.MaxNotes, "A list's notes are"),
                        OwnerId = ownerId, CreatedAt = now, UpdatedAt = now,
                    };
                }
                catch (Labels.LabelInputException bad)
                {
                    throw r.Error(bad.Message);
                }
                lists[key] = list;
            }
            if (await ItemAsync(db, r, saes, ownerId, now, ct) is { } item) list.Items.Add(item);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Lists.AddRange(lists.Values);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return lists.Values.Select(l => l.Slug).ToList();
    }

    private static async Task<CuratedListItem?> ItemAsync(SaexDbContext db, TransferRecord r, IReadOnlyDictionary<string, int?> saes, string ownerId,
        DateTimeOffset now, CancellationToken ct)
    {
        var (workspace, feature, group) = (r["workspace"], r.Int("feature"), r["group"]);
        if (workspace is null && feature is null && group is null) return null; // an empty list's row
        string note;
        try
        {
            note = ListStore.Notes(r["note"], ListStore.MaxItemNote, "An item's note is");
        }
        catch (Labels.LabelInputException bad)
        {
            throw r.Error(bad.Message);
        }
        var item = new CuratedListItem { Note = note, AddedById = ownerId, AddedAt = now };
        if (group is not null)
        {
            if (feature is not null) throw r.Error("an item is a feature or a shared group, not both.");
            if (!await db.SharedGroups.AnyAsync(g => g.Slug == group, ct)) throw r.Error($"there is no shared group '{group}'.");
            item.GroupSlug = group;
            return item;
        }
        if (workspace is null || feature is null) throw r.Error("a feature item needs both 'workspace' and 'feature'.");
        if (!saes.TryGetValue(workspace, out var saeId)) throw r.Error($"there is no workspace named '{workspace}'.");
        if (saeId is not { } sae) throw r.Error($"workspace '{workspace}' has no SAE yet.");
        if (!await db.Features.AnyAsync(f => f.SaeId == sae && f.Feature == feature, ct)) throw r.Error($"workspace '{workspace}' has no feature #{feature}.");
        (item.SaeId, item.Feature) = (sae, feature);
        return item;
    }
}
