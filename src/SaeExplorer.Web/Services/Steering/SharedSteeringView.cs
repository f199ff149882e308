using SaeExplorer.Core.Grouping;
using SaeExplorer.Core.Steering;
using SaeExplorer.Data.Steering;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Services.Grouping;
using SaeExplorer.Web.Services.Sae;

namespace SaeExplorer.Web.Services.Steering;

/// <summary>A shared steering state as its permalink opens it, or why it cannot be opened as it was.</summary>
/// <param name="Stale">Set when the workspace's SAE is no longer the one the state was made on.</param>
public sealed record SharedSteeringView(SharedSteering Steering, WorkspaceContext Workspace, EditList Edits, string? Stale)
{
    public GroupingSettings Settings => new(Steering.KMax, Steering.Restarts, Tau.Parse(Steering.Tau));

    /// <summary>The image page in the shared state.</summary>
    public string ImageLink => Links.Steered(Workspace.Name, Steering.Source, Settings, Steering.K, Edits, Steering.KeepError);
}

/// <summary>Loads a shared steering state and checks it still stands on the workspace's SAE.</summary>
public sealed class SharedSteeringViews(SharedSteeringStore store, WorkspaceQueries workspaces, SaeModelCache models)
{
    public async Task<SharedSteeringView?> FindAsync(string slug, CancellationToken ct = default)
    {
        if (await store.FindAsync(slug, ct) is not { } steering) return null;
        if (await workspaces.FindByIdAsync(steering.WorkspaceId, ct) is not { } workspace) return null;
        // Written by this app, but a database is a file anyone may edit: a row that no longer reads is reported, not thrown.
        EditList edits;
        try
        {
            edits = SteeringJson.ParseEdits(steering.Edits);
        }
        catch (SteeringEditException e)
        {
            return new SharedSteeringView(steering, workspace, EditList.Empty, $"Its saved edits cannot be read: {e.Message}");
        }
        var stale = models.Replaced(workspace, steering.SaeId, steering.SaeFingerprint);
        return new SharedSteeringView(steering, workspace, edits, stale);
    }
}
