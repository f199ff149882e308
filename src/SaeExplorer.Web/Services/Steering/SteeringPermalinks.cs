using SaeExplorer.Core.Grouping;
using SaeExplorer.Core.Steering;
using SaeExplorer.Data.Steering;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Services.Grouping;
using SaeExplorer.Web.Services.Sae;

namespace SaeExplorer.Web.Services.Steering;

/// <summary>A shared steering state as its permalink opens it, or why it cannot be opened as it was.</summary>
/// <param name="Stale">Set when the workspace's SAE is no longer the one the state was made on.</param>
public sealed record SteeringPermalinkView(SteeringPermalink Steering, WorkspaceContext Workspace, EditList Edits, string? Stale)
{
    public GroupingSettings Settings => new(Steering.KMax, Steering.Restarts, Tau.Parse(Steering.Tau));

    /// <summary>The image page in the shared state.</summary>
    public string ImageLink => Links.Steered(WorkspaceRef.Of(Workspace), Steering.Source, Settings, Steering.K, Edits, Steering.KeepError);
}

/// <summary>Steering permalinks: makes one for an image page's steering state (Share), loads one and checks it still
/// stands on the workspace's SAE.</summary>
public sealed class SteeringPermalinks(SteeringPermalinkStore store, WorkspaceQueries workspaces, SaeModelCache models)
{
    /// <summary>The permalink (/s/slug) of the state, the same one each time the same state is shared; null when the
    /// workspace has no SAE.</summary>
    public async Task<string?> CreateAsync(WorkspaceContext workspace, ImageGrouping grouping, EditList edits, bool keepError,
        CancellationToken ct = default)
    {
        if (workspace.SaeId is not { } saeId) return null;
        var settings = grouping.Settings;
        var content = new SteeringContent(workspace.Name, grouping.Image.Key, settings.KMax, settings.Restarts, settings.Tau.ToString(), grouping.K,
            edits, keepError, saeId, models.Fingerprint(workspace));
        return Links.Steering(await store.ShareAsync(workspace.WorkspaceId, content, ct));
    }

    public async Task<SteeringPermalinkView?> FindAsync(string slug, CancellationToken ct = default)
    {
        if (await store.FindAsync(slug, ct) is not { } steering) return null;
        if (await workspaces.FindByIdAsync(steering.WorkspaceId, steering.SaeId, ct) is not { } workspace) return null;
        // Written by this app, but a database is a file anyone may edit: a row that no longer reads is reported, not thrown.
        EditList edits;
        try
        {
            edits = SteeringJson.ParseEdits(steering.Edits);
        }
        catch (SteeringEditException e)
        {
            return new SteeringPermalinkView(steering, workspace, EditList.Empty, $"Its saved edits cannot be read: {e.Message}");
        }
        var stale = models.Replaced(workspace, steering.SaeId, steering.SaeFingerprint);
        return new SteeringPermalinkView(steering, workspace, edits, stale);
    }
}
