using Microsoft.EntityFrameworkCore;

namespace SaeExplorer.Data.Saes;

/// <summary>The files one SAE is read from: what the loader opens, and its workspace's corpus pack and embeddings (null before import).</summary>
public sealed record SaeAndCorpus(string SaePath, string CorpusPath, string? EmbeddingsPath);

/// <summary>What the workspace report reads of an SAE: the label stage's stored report and the training metrics it counts with.</summary>
public sealed record SaeReportRow(string? ReportJson, int DSae, double? DeadShare);

/// <summary>
/// A workspace's SAEs: added (planned, then prepared by their stages), recorded by their train or load stage, and what
/// the label stage and the report keep and read of them.
/// </summary>
public sealed class SaeStore(IDbContextFactory<SaexDbContext> dbFactory)
{
    /// <summary>
    /// Adds an SAE to an existing workspace, to be prepared (the workspace goes back to preparing); false when the
    /// workspace already has an SAE of that name, also one a concurrent request added.
    /// </summary>
    public async Task<bool> TryAddAsync(WorkspaceSae sae, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Dialect.BeginWriteAsync(ct);
        if (await db.Saes.AnyAsync(s => s.WorkspaceId == sae.WorkspaceId && s.Name == sae.Name, ct)) return false;
        sae.IsActive = !await db.Saes.AnyAsync(s => s.WorkspaceId == sae.WorkspaceId, ct);
        db.Saes.Add(sae);
        if (!await db.TrySaveAsync(ct)) return false; // the name is unique in its workspace
        var now = DateTimeOffset.UtcNow;
        await db.Workspaces.Where(w => w.Id == sae.WorkspaceId)
            .ExecuteUpdateAsync(u => u.SetProperty(w => w.State, Workspaces.WorkspaceState.Preparing).SetProperty(w => w.UpdatedAt, now), ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>The workspace's SAEs, the first (the default) first.</summary>
    public async Task<IReadOnlyList<WorkspaceSae>> OfWorkspaceAsync(int workspaceId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Saes.AsNoTracking().Where(s => s.WorkspaceId == workspaceId).OrderByDescending(s => s.IsActive).ThenBy(s => s.Id).ToListAsync(ct);
    }

    /// <summary>
    /// What the SAE's train or load stage found (architecture, sizes, fingerprint, metrics), recorded on its row. Its
    /// features and feature labels from before go: they belong to the weights this replaces. A metric that is not a
    /// finite number (explained variance of a constant held-out set is NaN) is stored as unknown.
    /// </summary>
    public async Task RecordAsync(int saeId, Action<WorkspaceSae> fill, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Dialect.BeginWriteAsync(ct);
        var sae = await db.Saes.SingleAsync(s => s.Id == saeId, ct);
        await db.Dialect.ClearFeatureLabelsAsync(saeId, ct);
        await db.Labels.Where(l => l.SaeId == saeId).ExecuteDeleteAsync(ct);
        await db.ListItems.Where(i => i.SaeId == saeId).ExecuteDeleteAsync(ct);
        await db.Features.Where(f => f.SaeId == saeId).ExecuteDeleteAsync(ct);
        fill(sae);
        (sae.ExplainedVariance, sae.Mse, sae.MeanCosine) = (Finite(sae.ExplainedVariance), Finite(sae.Mse), Finite(sae.MeanCosine));
        (sae.L0, sae.DeadShare, sae.DenseShare) = (Finite(sae.L0), Finite(sae.DeadShare), Finite(sae.DenseShare));
        (sae.AliveFeatures, sae.ReportJson) = (null, null);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    public async Task SetStateAsync(int saeId, Workspaces.WorkspaceState state, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Saes.Where(s => s.Id == saeId).ExecuteUpdateAsync(u => u.SetProperty(s => s.State, state), ct);
    }

    /// <summary>Records the weights fingerprint of SAEs made before it was kept (the worker computes it once at start).</summary>
    public async Task SetFingerprintAsync(int saeId, string fingerprint, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Saes.Where(s => s.Id == saeId).ExecuteUpdateAsync(u => u.SetProperty(s => s.Fingerprint, fingerprint), ct);
    }

    /// <summary>The ready SAEs whose fingerprint was never recorded (rows from before it was).</summary>
    public async Task<IReadOnlyList<WorkspaceSae>> WithoutFingerprintAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Saes.AsNoTracking().Where(s => s.Fingerprint == null && s.Architecture != "").ToListAsync(ct);
    }

    /// <summary>Keeps the workspace report the label stage computed for the SAE.</summary>
    public async Task SetReportAsync(int saeId, string reportJson, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Saes.Where(s => s.Id == saeId).ExecuteUpdateAsync(u => u.SetProperty(s => s.ReportJson, reportJson), ct);
    }

    /// <summary>Null for an unknown SAE.</summary>
    public async Task<SaeAndCorpus?> FilesAsync(int saeId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Saes.AsNoTracking().Where(s => s.Id == saeId)
            .Join(db.Workspaces, s => s.WorkspaceId, w => w.Id, (s, w) => new { s.Path, s.Format, w.CorpusPath, w.EmbeddingsPath })
            .SingleOrDefaultAsync(ct);
        return row is null ? null : new SaeAndCorpus(Core.Settings.SaeFiles.LoadPath(row.Path, Core.Sae.Loading.SaeFormatNames.Parse(row.Format)),
            row.CorpusPath, row.EmbeddingsPath);
    }

    /// <summary>Null for an unknown SAE.</summary>
    public async Task<SaeReportRow?> ReportAsync(int saeId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Saes.AsNoTracking().Where(s => s.Id == saeId).Select(s => new SaeReportRow(s.ReportJson, s.DSae, s.DeadShare)).SingleOrDefaultAsync(ct);
    }

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
