using System.Security.Claims;
using SaeExplorer.Core.Settings;
using SaeExplorer.Data.Labels;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Services.Accounts;
using SaeExplorer.Web.Services.Preparation;
using SaeExplorer.Web.Services.Sae;

namespace SaeExplorer.Web.Services.Workspaces;

/// <summary>
/// Deletes an imported workspace: its rows (images, SAE, features, their search entries) and its folder under
/// data/workspaces (the pack, embeddings, weights, index). The corpus it was imported from is never touched. Only an
/// admin may.
/// </summary>
public sealed class WorkspaceRemoval(
    WorkspaceStore store, AdminRole admins, SaexOptions options, SaeModelCache models, PreparationState state, ILogger<WorkspaceRemoval> log)
{
    /// <summary>Null when it is gone, else why it was not deleted.</summary>
    /// <exception cref="WriteRefusedException"><paramref name="user"/> is not an admin.</exception>
    public async Task<string?> DeleteAsync(ClaimsPrincipal user, string name, CancellationToken ct = default)
    {
        await admins.RequireAsync(user, "Deleting a workspace", ct);
        var ws = await store.RowAsync(name, ct);
        if (ws is null) return $"There is no workspace named '{name}'.";
        if (ws.Name == options.DemoWorkspace) return $"'{name}' is made from the demo pack on every start; set Saex:DemoPack to \"\" to go without it.";
        if (ws.State == WorkspaceState.Preparing) return $"'{name}' is being prepared; delete it once it is ready or has failed.";

        await store.DeleteAsync(ws.Id, ct);

        var folder = WorkspaceFiles.For(options, ws.Name).Root;
        models.Forget(folder);
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The rows are gone; a re-import of the same name starts its stages by clearing what they find.
            log.LogWarning(e, "Workspace {Name} deleted, but its folder {Folder} was not removed.", ws.Name, folder);
        }
        log.LogInformation("Workspace {Name} deleted (imported from {Source}).", ws.Name, ws.ImportedFrom);
        state.Remove(ws.Name);
        return null;
    }
}
