using Microsoft.EntityFrameworkCore;

namespace SaeExplorer.Data.Saes;

/// <summary>The files one SAE is read from: its weights, and its workspace's corpus pack and embeddings (null before import).</summary>
public sealed record SaeFiles(string SaePath, string CorpusPath, string? EmbeddingsPath);

/// <summary>What the workspace report reads of an SAE: the label stage's stored report and the training metrics it counts with.</summary>
public sealed record SaeReportRow(string? ReportJson, int DSae, double? DeadShare);

/// <summary>A workspace's SAEs: the one training records, and what the label stage and the report keep and read of it.</summary>
public sealed class SaeStore(IDbContextFactory<SaexDbContext> dbFactory)
{
    /// <summary>
    /// Makes <paramref name="sae"/> its workspace's only SAE: the ones before it go, with their features and labels. A
    /// metric that is not a finite number (explained variance of a constant held-out set is NaN) is stored as unknown.
    /// </summary>
    public async Task ReplaceAsync(WorkspaceSae sae, CancellationToken ct = default)
    {
        (sae.ExplainedVariance, sae.Mse, sae.MeanCosine) = (Finite(sae.ExplainedVariance), Finite(sae.Mse), Finite(sae.MeanCosine));
        (sae.L0, sae.DeadShare, sae.DenseShare) = (Finite(sae.L0), Finite(sae.DeadShare), Finite(sae.DenseShare));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Dialect.BeginWriteAsync(ct);
        foreach (var old in await db.Saes.Where(s => s.WorkspaceId == sae.WorkspaceId).Select(s => s.Id).ToListAsync(ct))
            await db.Dialect.ClearFeatureLabelsAsync(old, ct);
        await db.Saes.Where(s => s.WorkspaceId == sae.WorkspaceId).ExecuteDeleteAsync(ct);
        db.Saes.Add(sae);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Keeps the workspace report the label stage computed for the SAE.</summary>
    public async Task SetReportAsync(int saeId, string reportJson, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Saes.Where(s => s.Id == saeId).ExecuteUpdateAsync(u => u.SetProperty(s => s.ReportJson, reportJson), ct);
    }

    /// <summary>Null for an unknown SAE.</summary>
    public async Task<SaeFiles?> FilesAsync(int saeId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Saes.AsNoTracking().Where(s => s.Id == saeId)
            .Join(db.Workspaces, s => s.WorkspaceId, w => w.Id, (s, w) => new SaeFiles(s.Path, w.CorpusPath, w.EmbeddingsPath))
            .SingleOrDefaultAsync(ct);
    }

    /// <summary>Null for an unknown SAE.</summary>
    public async Task<SaeReportRow?> ReportAsync(int saeId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Saes.AsNoTracking().Where(s => s.Id == saeId).Select(s => new SaeReportRow(s.ReportJson, s.DSae, s.DeadShare)).SingleOrDefaultAsync(ct);
    }

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
