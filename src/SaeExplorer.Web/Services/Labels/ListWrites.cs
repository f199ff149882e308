using System.Security.Claims;
using SaeExplorer.Data.Lists;
using SaeExplorer.Data.Transfer;
using SaeExplorer.Web.Services.Live;

namespace SaeExplorer.Web.Services.Labels;

/// <summary>
/// Every list write, for the pages and the API alike: checks the writer is a labeller as label writes do
/// (<see cref="LabelWrites.LabellerAsync"/>), leaves the list's own rights (owner, editors) to the store, then writes
/// and tells the list's pages and the lists overview. Each public method that takes the principal first is a write the
/// authorisation matrix test covers.
/// </summary>
public sealed class ListWrites(LabelWrites labels, ListStore lists, LiveUpdates live, ListTransferStore listFiles)
{
    public async Task<string> CreateListAsync(ClaimsPrincipal user, string name, string? notes, CancellationToken ct = default)
    {
        var access = await labels.LabellerAsync(user, ct);
        var slug = await lists.CreateAsync(access.UserId, name, notes, ct);
        live.Publish(ListsTopic);
        return slug;
    }

    public Task UpdateListAsync(ClaimsPrincipal user, string slug, string name, string? notes, CancellationToken ct = default) =>
        ListChangeAsync(user, slug, id => lists.UpdateAsync(slug, id, name, notes, ct), ct);

    public Task DeleteListAsync(ClaimsPrincipal user, string slug, CancellationToken ct = default) =>
        ListChangeAsync(user, slug, id => lists.DeleteAsync(slug, id, ct), ct);

    public async Task<int> AddFeatureToListAsync(ClaimsPrincipal user, string slug, int saeId, int feature, string? note, CancellationToken ct = default)
    {
        var item = 0;
        await ListChangeAsync(user, slug, async id => item = await lists.AddFeatureAsync(slug, id, saeId, feature, note, ct), ct);
        return item;
    }

    public async Task<int> AddGroupToListAsync(ClaimsPrincipal user, string slug, string groupSlug, string? note, CancellationToken ct = default)
    {
        var item = 0;
        await ListChangeAsync(user, slug, async id => item = await lists.AddGroupAsync(slug, id, groupSlug, note, ct), ct);
        return item;
    }

    public Task RemoveListItemAsync(ClaimsPrincipal user, string slug, int itemId, CancellationToken ct = default) =>
        ListChangeAsync(user, slug, id => lists.RemoveItemAsync(slug, id, itemId, ct), ct);

    public Task AddListEditorAsync(ClaimsPrincipal user, string slug, string userName, CancellationToken ct = default) =>
        ListChangeAsync(user, slug, id => lists.AddEditorAsync(slug, id, userName, ct), ct);

    public Task RemoveListEditorAsync(ClaimsPrincipal user, string slug, string userName, CancellationToken ct = default) =>
        ListChangeAsync(user, slug, id => lists.RemoveEditorAsync(slug, id, userName, ct), ct);

    /// <summary>Makes the lists of a JSON or CSV file, owned by the importer; returns their slugs.</summary>
    /// <exception cref="TransferException">A line is wrong; nothing was imported.</exception>
    public async Task<IReadOnlyList<string>> ImportListsAsync(ClaimsPrincipal user, string content, TransferFormat format, CancellationToken ct = default)
    {
        var importer = await labels.LabellerAsync(user, ct);
        var slugs = await listFiles.ImportAsync(content, format, importer.UserId, ct);
        live.Publish(ListsTopic);
        return slugs;
    }

    /// <summary>The topic of the lists overview (a list made, renamed or deleted).</summary>
    public const string ListsTopic = "lists";

    public static string ListTopic(string slug) => $"list/{slug}";

    private async Task ListChangeAsync(ClaimsPrincipal user, string slug, Func<string, Task> change, CancellationToken ct)
    {
        var access = await labels.LabellerAsync(user, ct);
        await change(access.UserId);
        live.Publish(ListTopic(slug));
        live.Publish(ListsTopic);
    }
}
