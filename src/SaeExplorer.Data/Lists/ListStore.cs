using Microsoft.EntityFrameworkCore;
using SaeExplorer.Data.Labels;

namespace SaeExplorer.Data.Lists;

/// <summary>
/// Lists: create, rename, annotate, add and remove features and groups, share editing. Changes are allowed to the
/// owner and the list's editors (adding or removing editors and deleting the list: the owner only); whether the
/// actor may write at all (the labeller role) is the caller's check.
/// </summary>
public sealed class ListStore(IDbContextFactory<SaexDbContext> dbFactory)
{
    public const int MaxName = 100;
    public const int MaxNotes = 2000;
    public const int MaxItemNote = 500;

    public async Task<string> CreateAsync(string ownerId, string name, string? notes, CancellationToken ct = default)
    {
        var (cleanName, cleanNotes) = (Name(name), Notes(notes, MaxNotes, "A list's notes are"));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = DateTimeOffset.UtcNow;
        var list = new CuratedList { Slug = ListSlug.New(), Name = cleanName, Notes = cleanNotes, OwnerId = ownerId, CreatedAt = now, UpdatedAt = now };
        db.Lists.Add(list);
        await db.SaveChangesAsync(ct);
        return list.Slug;
    }

    public Task UpdateAsync(string slug, string actorId, string name, string? notes, CancellationToken ct = default)
    {
        var (cleanName, cleanNotes) = (Name(name), Notes(notes, MaxNotes, "A list's notes are"));
        return ChangeAsync(slug, actorId, ownerOnly: false, (_, list) =>
        {
            list.Name = cleanName;
            list.Notes = cleanNotes;
            return Task.CompletedTask;
        }, ct);
    }

    public Task DeleteAsync(string slug, string actorId, CancellationToken ct = default) =>
        ChangeAsync(slug, actorId, ownerOnly: true, (db, list) =>
        {
            db.Lists.Remove(list);
            return Task.CompletedTask;
        }, ct);

    /// <summary>Adds a feature of an SAE; returns the new item's id.</summary>
    public async Task<int> AddFeatureAsync(string slug, string actorId, int saeId, int feature, string? note, CancellationToken ct = default)
    {
        var item = new CuratedListItem { SaeId = saeId, Feature = feature, Note = Notes(note, MaxItemNote, "An item's note is"), AddedById = actorId };
        await ChangeAsync(slug, actorId, ownerOnly: false, async (db, list) =>
        {
            if (!await db.Features.AnyAsync(f => f.SaeId == saeId && f.Feature == feature, ct))
                throw new LabelTargetNotFoundException($"SAE {saeId} has no indexed feature #{feature} to add.");
            Add(list, item);
        }, ct);
        return item.Id;
    }

    /// <summary>Adds a shared group by its slug; returns the new item's id.</summary>
    public async Task<int> AddGroupAsync(string slug, string actorId, string groupSlug, string? note, CancellationToken ct = default)
    {
        var item = new CuratedListItem { GroupSlug = groupSlug, Note = Notes(note, MaxItemNote, "An item's note is"), AddedById = actorId };
        await ChangeAsync(slug, actorId, ownerOnly: false, async (db, list) =>
        {
            if (!await db.GroupPermalinks.AnyAsync(g => g.Slug == groupSlug, ct))
                throw new LabelTargetNotFoundException($"There is no shared group '{groupSlug}' to add.");
            Add(list, item);
        }, ct);
        return item.Id;
    }

    public Task RemoveItemAsync(string slug, string actorId, int itemId, CancellationToken ct = default) =>
        ChangeAsync(slug, actorId, ownerOnly: false, async (db, list) =>
        {
            var item = await db.ListItems.SingleOrDefaultAsync(i => i.Id == itemId && i.ListId == list.Id, ct)
                       ?? throw new LabelTargetNotFoundException($"List '{slug}' has no item #{itemId}.");
            db.ListItems.Remove(item);
        }, ct);

    /// <summary>Lets the user named <paramref name="userName"/> change the list (the owner's call).</summary>
    public Task AddEditorAsync(string slug, string actorId, string userName, CancellationToken ct = default) =>
        ChangeAsync(slug, actorId, ownerOnly: true, async (db, list) =>
        {
            var userId = await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleOrDefaultAsync(ct)
                         ?? throw new LabelTargetNotFoundException($"There is no user named '{userName}'.");
            if (userId != list.OwnerId && !await db.ListEditors.AnyAsync(e => e.ListId == list.Id && e.UserId == userId, ct))
                db.ListEditors.Add(new CuratedListEditor { ListId = list.Id, UserId = userId });
        }, ct);

    public Task RemoveEditorAsync(string slug, string actorId, string userName, CancellationToken ct = default) =>
        ChangeAsync(slug, actorId, ownerOnly: true, async (db, list) =>
            await db.ListEditors.Where(e => e.ListId == list.Id && db.Users.Any(u => u.Id == e.UserId && u.UserName == userName)).ExecuteDeleteAsync(ct), ct);

    public async Task<ListView?> FindAsync(string slug, CancellationToken ct = default)
    {
        if (!ListSlug.LooksValid(slug)) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var list = await db.Lists.AsNoTracking().Where(l => l.Slug == slug).Select(l => new
        {
            l.Id, l.Slug, l.Name, l.Notes, l.OwnerId, l.CreatedAt, l.UpdatedAt,
            Owner = db.Users.Where(u => u.Id == l.OwnerId).Select(u => u.UserName).FirstOrDefault(),
            Editors = l.Editors.Select(e => new { e.UserId, Name = db.Users.Where(u => u.Id == e.UserId).Select(u => u.UserName).FirstOrDefault() }).ToList(),
        }).SingleOrDefaultAsync(ct);
        if (list is null) return null;
        var items = await db.ListItems.AsNoTracking().Where(i => i.ListId == list.Id).OrderBy(i => i.Id).Select(i => new ListItemView(
            i.Id, i.GroupSlug == null ? "feature" : "group",
            db.Saes.Where(s => s.Id == i.SaeId).SelectMany(s => db.Workspaces.Where(w => w.Id == s.WorkspaceId)).Select(w => w.Name).FirstOrDefault(),
            i.Feature,
            db.Features.Where(f => f.SaeId == i.SaeId && f.Feature == i.Feature).Select(f => f.TopLabelIsName ? f.TopLabel : null).FirstOrDefault(),
            i.GroupSlug, i.Note)
        { SaeId = i.SaeId }).ToListAsync(ct);
        return new ListView(list.Slug, list.Name, list.Notes, list.Owner ?? "", list.Editors.Select(e => e.Name ?? "").ToList(), items, list.CreatedAt,
            list.UpdatedAt)
        { OwnerId = list.OwnerId, EditorIds = list.Editors.Select(e => e.UserId).ToList() };
    }

    /// <summary>Every list, most recently changed first (lists are public to read).</summary>
    public async Task<IReadOnlyList<ListSummary>> AllAsync(int take = 200, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Lists.AsNoTracking().Select(l => new
        {
            l.Slug, l.Name, Owner = db.Users.Where(u => u.Id == l.OwnerId).Select(u => u.UserName).FirstOrDefault(), Items = l.Items.Count, l.UpdatedAt,
        }).ToListAsync(ct);
        // Ordered here: DateTimeOffset is stored as a converted number and UpdatedAt is for people, so a little slack is fine.
        return rows.OrderByDescending(r => r.UpdatedAt).Take(take).Select(r => new ListSummary(r.Slug, r.Name, r.Owner ?? "", r.Items, r.UpdatedAt)).ToList();
    }

    private static void Add(CuratedList list, CuratedListItem item)
    {
        item.AddedAt = DateTimeOffset.UtcNow;
        list.Items.Add(item);
    }

    /// <summary>Loads the list, checks the actor may make this change, applies it and saves, in one transaction.</summary>
    private async Task ChangeAsync(string slug, string actorId, bool ownerOnly, Func<SaexDbContext, CuratedList, Task> change, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Dialect.BeginWriteAsync(ct);
        var list = ListSlug.LooksValid(slug) ? await db.Lists.SingleOrDefaultAsync(l => l.Slug == slug, ct) : null;
        if (list is null) throw new LabelTargetNotFoundException($"There is no list '{slug}'.");
        var isOwner = list.OwnerId == actorId;
        if (ownerOnly && !isOwner)
            throw new WriteRefusedException($"Only the owner of list '{slug}' may delete it or change who edits it.", signedIn: true);
        if (!isOwner && !await db.ListEditors.AnyAsync(e => e.ListId == list.Id && e.UserId == actorId, ct))
            throw new WriteRefusedException($"List '{slug}' may be changed by its owner and the editors the owner added; you are neither.", signedIn: true);
        await change(db, list);
        list.UpdatedAt = DateTimeOffset.UtcNow;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    internal static string Name(string? name)
    {
        var clean = (name ?? "").Trim();
        if (clean.Length == 0) throw new LabelInputException($"A list needs a name of 1 to {MaxName} characters.");
        if (clean.Length > MaxName) throw new LabelInputException($"A list's name is at most {MaxName} characters; this one has {clean.Length}.");
        return clean;
    }

    internal static string Notes(string? notes, int max, string what)
    {
        var clean = (notes ?? "").Trim();
        return clean.Length <= max ? clean : throw new LabelInputException($"{what} at most {max} characters; got {clean.Length}.");
    }
}
