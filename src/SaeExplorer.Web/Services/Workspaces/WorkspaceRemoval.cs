using Microsoft.EntityFrameworkCore;
using SaeExplorer.Core.Settings;
using SaeExplorer.Data;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Services.Preparation;
using SaeExplorer.Web.Services.Sae;

namespace SaeExplorer.Web.Services.Workspaces;

/// <summary>
/// Deletes an imported workspace: its rows (images, SAE, features, their search entries) and its folder under
/// data/workspaces (the pack, embeddings, weights, index). The corpus it was imported from is never touched.
/// </summary>
public sealed class WorkspaceRemoval(
    IDbContextFactory<SaexDbContext> dbFactory, SaexOptions options, SaeModelCache models, PreparationState state,
    ILogger<WorkspaceRemoval> log)
{
    /// <summary>Null when it is gone, else why it was not deleted.</summary>
    public async Task<string?> DeleteAsync(string name, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ws = await db.Workspaces.SingleOrDefaultAsync(w => w.Name == name, ct);
        if (ws is null) return $"There is no workspace named '{name}'.";
        if (ws.Name == options.DemoWorkspace) return $"'{name}' is made from the demo pack on every start; set Saex:DemoPack to \"\" to go without it.";
        if (ws.State == WorkspaceState.Preparing) return $"'{name}' is being prepared; delete it once it is ready or has failed.";

        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // The FTS5 label table has no foreign key to cascade along.
            await db.Database.ExecuteSqlAsync(
                $"DELETE FROM FeatureLabelSearch WHERE SaeId IN (SELECT Id FROM Saes WHERE WorkspaceId = {ws.Id})", ct);
            db.Workspaces.Remove(ws);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }

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
