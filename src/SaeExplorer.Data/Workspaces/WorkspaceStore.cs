using Microsoft.EntityFrameworkCore;

namespace SaeExplorer.Data.Workspaces;

/// <summary>
/// The workspace rows as preparation, import and removal change them: created, moved between states, deleted with
/// everything hanging off them. Who may do that is the caller's check (the web app's admin role).
/// </summary>
public sealed class WorkspaceStore(IDbContextFactory<SaexDbContext> dbFactory)
{
    /// <summary>The workspaces waiting to be prepared (made by the CLI, or given another SAE), oldest first: what the worker polls.</summary>
    public async Task<IReadOnlyList<int>> PreparingIdsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Workspaces.AsNoTracking().Where(w => w.State == WorkspaceState.Preparing).OrderBy(w => w.Id).Select(w => w.Id).ToListAsync(ct);
    }

    /// <summary>Every workspace's id, oldest first.</summary>
    public async Task<IReadOnlyList<int>> IdsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Workspaces.AsNoTracking().OrderBy(w => w.Id).Select(w => w.Id).ToListAsync(ct);
    }

    /// <summary>The workspace's row as stored now (changing it changes nothing); null when there is none.</summary>
    public async Task<Workspace?> RowAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Workspaces.AsNoTracking().SingleOrDefaultAsync(w => w.Id == id, ct);
    }

    /// <inheritdoc cref="RowAsync(int, CancellationToken)"/>
    public async Task<Workspace?> RowAsync(string name, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Workspaces.AsNoTracking().SingleOrDefaultAsync(w => w.Name == name, ct);
    }

    /// <summary>
    /// Records a new workspace with the SAEs it is to have (the first is its default), in one transaction (ids are set);
    /// false when another of that name exists, also one a concurrent request added.
    /// </summary>
    public async Task<bool> TryAddAsync(Workspace workspace, IReadOnlyList<Saes.WorkspaceSae> saes, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Dialect.BeginWriteAsync(ct);
        db.Workspaces.Add(workspace);
        if (await db.TrySaveAsync(ct))
        {
            for (var i = 0; i < saes.Count; i++)
            {
                (saes[i].WorkspaceId, saes[i].IsActive) = (workspace.Id, i == 0);
                db.Saes.Add(saes[i]);
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return true;
        }
        return await db.Workspaces.AnyAsync(w => w.Name == workspace.Name, ct)
            ? false // the name is unique
            : throw new InvalidOperationException($"the workspace '{workspace.Name}' could not be stored");
    }

    public async Task SetStateAsync(int id, WorkspaceState state, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = DateTimeOffset.UtcNow;
        await db.Workspaces.Where(w => w.Id == id).ExecuteUpdateAsync(u => u.SetProperty(w => w.State, state).SetProperty(w => w.UpdatedAt, now), ct);
    }

    /// <summary>Records the folder the workspace is made from (the demo's pack moves with the app's settings).</summary>
    public async Task SetImportedFromAsync(int id, string importedFrom, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Workspaces.Where(w => w.Id == id).ExecuteUpdateAsync(u => u.SetProperty(w => w.ImportedFrom, importedFrom), ct);
    }

    /// <summary>Deletes the workspace and all its rows (images, SAEs, features, labels, permalinks, jobs), in one transaction.</summary>
    public async Task DeleteAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Dialect.BeginWriteAsync(ct);
        // The searchable top labels hang off no foreign key to cascade along.
        foreach (var saeId in await db.Saes.Where(s => s.WorkspaceId == id).Select(s => s.Id).ToListAsync(ct))
            await db.Dialect.ClearFeatureLabelsAsync(saeId, ct);
        var workspace = await db.Workspaces.SingleOrDefaultAsync(w => w.Id == id, ct);
        if (workspace is not null)
        {
            db.Workspaces.Remove(workspace);
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
    }
}
