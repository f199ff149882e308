using Microsoft.EntityFrameworkCore;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Settings;
using SaeExplorer.Data.Jobs;

namespace SaeExplorer.Data.Workspaces;

/// <summary>What pages and the API read about workspaces. The one place a workspace name becomes its id.</summary>
public sealed class WorkspaceQueries(IDbContextFactory<SaexDbContext> dbFactory, SaexOptions options)
{
    /// <summary>
    /// The workspace and the SAE named <paramref name="sae"/> (?sae=), or its first SAE when none is named; null for an
    /// unknown workspace or SAE name (any text is safe to pass).
    /// </summary>
    public async Task<WorkspaceContext?> FindAsync(string name, string? sae = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ws = await db.Workspaces.AsNoTracking().Where(w => w.Name == name).SingleOrDefaultAsync(ct);
        if (ws == null) return null;
        var saes = db.Saes.AsNoTracking().Where(s => s.WorkspaceId == ws.Id);
        var row = string.IsNullOrEmpty(sae)
            ? await saes.Where(s => s.IsActive).SingleOrDefaultAsync(ct)
            : await saes.Where(s => s.Name == sae).SingleOrDefaultAsync(ct);
        return row is null && !string.IsNullOrEmpty(sae) ? null : Context(ws, row);
    }

    /// <inheritdoc cref="FindAsync(string, string?, CancellationToken)"/>
    public Task<WorkspaceContext?> FindAsync(string name, CancellationToken ct) => FindAsync(name, null, ct);

    /// <summary>
    /// The workspace a stored record points at by id (a shared group), as <see cref="FindAsync(string, string?, CancellationToken)"/>
    /// gives it, with the SAE it recorded (<paramref name="saeId"/>) while that SAE is there, else the first.
    /// </summary>
    public async Task<WorkspaceContext?> FindByIdAsync(int workspaceId, int? saeId = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ws = await db.Workspaces.AsNoTracking().Where(w => w.Id == workspaceId).SingleOrDefaultAsync(ct);
        if (ws is null) return null;
        var saes = db.Saes.AsNoTracking().Where(s => s.WorkspaceId == ws.Id);
        var row = (saeId is { } id ? await saes.Where(s => s.Id == id).SingleOrDefaultAsync(ct) : null)
                  ?? await saes.Where(s => s.IsActive).SingleOrDefaultAsync(ct);
        return Context(ws, row);
    }

    /// <inheritdoc cref="FindByIdAsync(int, int?, CancellationToken)"/>
    public Task<WorkspaceContext?> FindByIdAsync(int workspaceId, CancellationToken ct) => FindByIdAsync(workspaceId, null, ct);

    /// <summary>The workspace's SAEs in order (the first is the default), for a picker: name, whether it is indexed.</summary>
    public async Task<IReadOnlyList<SaeChoice>> SaesAsync(int workspaceId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Saes.AsNoTracking().Where(s => s.WorkspaceId == workspaceId).OrderByDescending(s => s.IsActive).ThenBy(s => s.Id)
            .Select(s => new SaeChoice(s.Name, s.IsActive, s.DSae, s.Architecture, db.Features.Any(f => f.SaeId == s.Id))).ToListAsync(ct);
    }

    private static WorkspaceContext Context(Workspace ws, Saes.WorkspaceSae? sae) =>
        new(ws.Id, ws.Name, ws.CorpusPath, ws.EmbeddingsPath, ws.Space, sae?.Id,
            sae is null ? null : SaeFiles.LoadPath(sae.Path, SaeFormatNames.Parse(sae.Format)), sae?.DSae ?? 0, sae?.Name,
            sae is null ? SaeFormat.SaeLens : SaeFormatNames.Parse(sae.Format), sae is null ? null : SaeFiles.OfWeights(sae.Path).Root,
            sae?.IsActive ?? true, sae?.Fingerprint);

    public async Task<IReadOnlyList<WorkspaceSummary>> ListAsync(CancellationToken ct = default) => await SummariesAsync(null, ct);

    /// <summary>One workspace as <see cref="ListAsync"/> shows it; null for an unknown name.</summary>
    public async Task<WorkspaceSummary?> SummaryAsync(string name, CancellationToken ct = default) =>
        (await SummariesAsync(name, ct)).SingleOrDefault();

    private async Task<IReadOnlyList<WorkspaceSummary>> SummariesAsync(string? name, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Workspaces.AsNoTracking().Where(w => name == null || w.Name == name).OrderBy(w => w.Name).Select(w => new
        {
            Workspace = w,
            Job = db.Jobs.Where(j => j.WorkspaceId == w.Id).OrderByDescending(j => j.Id)
                .Select(j => new JobSummary(j.Stage, j.Title, j.State, j.Attempt, j.Done, j.Total, j.StartedAt, j.Error)).FirstOrDefault(),
        }).ToListAsync(ct);
        var ids = rows.Select(r => r.Workspace.Id).ToList();
        var saes = await db.Saes.AsNoTracking().Where(s => ids.Contains(s.WorkspaceId)).OrderByDescending(s => s.IsActive).ThenBy(s => s.Id)
            .Select(s => new
            {
                s.WorkspaceId,
                Summary = new SaeSummary(s.Name, s.Architecture, s.DIn, s.DSae, s.ExplainedVariance, s.L0, s.DeadShare, s.AliveFeatures)
                {
                    Id = s.Id, Origin = s.Origin, Format = s.Format, Normalization = s.Normalization, Fingerprint = s.Fingerprint,
                    Source = s.Source, IndexSource = s.IndexSource, State = s.State, IsDefault = s.IsActive,
                },
                Job = db.Jobs.Where(j => j.SaeId == s.Id).OrderByDescending(j => j.Id)
                    .Select(j => new JobSummary(j.Stage, j.Title, j.State, j.Attempt, j.Done, j.Total, j.StartedAt, j.Error)).FirstOrDefault(),
            }).ToListAsync(ct);
        return rows.Select(r => new WorkspaceSummary(r.Workspace.Id, r.Workspace.Name, r.Workspace.ImportedFrom,
            r.Workspace.Name == options.DemoWorkspace, r.Workspace.State, r.Workspace.Space, r.Workspace.ImageCount, r.Workspace.EncodedCount, r.Workspace.SkippedCount,
            r.Job, saes.Where(s => s.WorkspaceId == r.Workspace.Id).Select(s => s.Summary with { Job = s.Job }).ToList())).ToList();
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
        var rows = await db.Workspaces.AsNoTracking()
            .Join(db.Saes.Where(s => s.IsActive), w => w.Id, s => s.WorkspaceId, (w, s) => new { w.Name, s.Path, s.Format })
            .OrderBy(p => p.Name).ToListAsync(ct);
        return [.. rows.Select(r => (r.Name, r.Path, Format: SaeFormatNames.Parse(r.Format)))
            .Select(r => new WorkspaceSaePath(r.Name, SaeFiles.LoadPath(r.Path, r.Format), r.Format))];
    }

    /// <summary>Whether a workspace of that name exists.</summary>
    public async Task<bool> ExistsAsync(string name, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Workspaces.AnyAsync(w => w.Name == name, ct);
    }
}

/// <summary>A workspace's active SAE: what the loader opens (a SAELens folder, else the weights file) and in which format.</summary>
public sealed record WorkspaceSaePath(string Workspace, string LoadPath, SaeFormat Format);

/// <summary>A workspace in the navigation drawer.</summary>
public sealed record WorkspaceNavEntry(string Name, bool HasFeatures, bool HasImages);

/// <summary>One of a workspace's SAEs as a picker offers it.</summary>
/// <param name="IsDefault">The first SAE, shown without ?sae=.</param>
/// <param name="Indexed">Its features are in the database (pages can show it).</param>
public sealed record SaeChoice(string Name, bool IsDefault, int DSae, string Architecture, bool Indexed);
