using Microsoft.EntityFrameworkCore;
using SaeExplorer.Core.Settings;
using SaeExplorer.Data.Jobs;

namespace SaeExplorer.Data.Workspaces;

/// <summary>What pages and the API read about workspaces. The one place a workspace name becomes its id.</summary>
public sealed class WorkspaceQueries(IDbContextFactory<SaexDbContext> dbFactory, SaexOptions options)
{
    /// <summary>The workspace and its active SAE; null for an unknown name (any text is safe to pass).</summary>
    public async Task<WorkspaceContext?> FindAsync(string name, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ws = await db.Workspaces.AsNoTracking().Where(w => w.Name == name).SingleOrDefaultAsync(ct);
        if (ws == null) return null;
        var sae = await db.Saes.AsNoTracking().Where(s => s.WorkspaceId == ws.Id && s.IsActive)
            .Select(s => new { s.Id, s.Path, s.DSae }).SingleOrDefaultAsync(ct);
        return new WorkspaceContext(ws.Id, ws.Name, ws.CorpusPath, ws.EmbeddingsPath, ws.Space, sae?.Id, sae?.Path, sae?.DSae ?? 0);
    }

    /// <summary>The workspace a stored record points at by id (a shared group), as <see cref="FindAsync"/> gives it.</summary>
    public async Task<WorkspaceContext?> FindByIdAsync(int workspaceId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var name = await db.Workspaces.AsNoTracking().Where(w => w.Id == workspaceId).Select(w => w.Name).SingleOrDefaultAsync(ct);
        return name is null ? null : await FindAsync(name, ct);
    }

    public async Task<IReadOnlyList<WorkspaceSummary>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Workspaces.AsNoTracking().OrderBy(w => w.Name).Select(w => new
        {
            Workspace = w,
            Images = w.Images.Count(),
            Encoded = w.Images.Count(i => i.EmbeddingRow != null),
            Skipped = w.Images.Count(i => i.SkipReason != null),
            Job = db.Jobs.Where(j => j.WorkspaceId == w.Id).OrderByDescending(j => j.Id)
                .Select(j => new JobSummary(j.Stage, j.Title, j.State, j.Attempt, j.Done, j.Total, j.StartedAt, j.Error)).FirstOrDefault(),
            Sae = db.Saes.Where(s => s.WorkspaceId == w.Id && s.IsActive)
                .Select(s => new SaeSummary(s.Name, s.Architecture, s.DIn, s.DSae, s.ExplainedVariance, s.L0, s.DeadShare, s.AliveFeatures))
                .FirstOrDefault(),
        }).ToListAsync(ct);
        return rows.Select(r => new WorkspaceSummary(r.Workspace.Id, r.Workspace.Name, r.Workspace.ImportedFrom,
            r.Workspace.Name == options.DemoWorkspace, r.Workspace.State, r.Workspace.Space, r.Images, r.Encoded, r.Skipped,
            r.Job, r.Sae)).ToList();
    }

    /// <summary>Per workspace: whether it has indexed features and whether it has images to browse (the navigation drawer).</summary>
    public async Task<IReadOnlyList<WorkspaceNavEntry>> NavigationAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Workspaces.AsNoTracking().OrderBy(w => w.Name)
            .Select(w => new WorkspaceNavEntry(
                w.Name,
                db.Saes.Any(s => s.WorkspaceId == w.Id && s.IsActive && db.Features.Any(f => f.SaeId == s.Id)),
                w.State == WorkspaceState.Ready || w.Images.Any()))
            .ToListAsync(ct);
        return rows.Where(r => r.HasFeatures || r.HasImages).ToList();
    }

    /// <summary>How many workspaces there are: one cheap query that proves the database answers (the health report).</summary>
    public async Task<int> CountAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Workspaces.CountAsync(ct);
    }

    /// <summary>Each workspace's active SAE file or folder (what its pages read), by workspace name (the health report checks they are there).</summary>
    public async Task<IReadOnlyList<WorkspaceSaePath>> ActiveSaePathsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Workspaces.AsNoTracking()
            .Join(db.Saes.Where(s => s.IsActive), w => w.Id, s => s.WorkspaceId, (w, s) => new { w.Name, s.Path })
            .OrderBy(p => p.Name).Select(p => new WorkspaceSaePath(p.Name, p.Path)).ToListAsync(ct);
    }

    /// <summary>Whether a workspace of that name exists.</summary>
    public async Task<bool> ExistsAsync(string name, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Workspaces.AnyAsync(w => w.Name == name, ct);
    }
}

/// <summary>A workspace's active SAE, where its weights are.</summary>
public sealed record WorkspaceSaePath(string Workspace, string SaePath);

/// <summary>A workspace in the navigation drawer.</summary>
public sealed record WorkspaceNavEntry(string Name, bool HasFeatures, bool HasImages);
