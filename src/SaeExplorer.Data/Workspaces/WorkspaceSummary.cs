using Microsoft.EntityFrameworkCore;

namespace SaeExplorer.Data.Workspaces;

/// <summary>What the home page shows of a workspace.</summary>
public sealed record WorkspaceSummary(
    int Id,
    string Name,
    string? ImportedFrom,
    WorkspaceState State,
    string EncoderPreset,
    int EmbeddingDimension,
    int Images,
    int Encoded,
    int Skipped,
    string? Stage,
    int StageDone,
    int StageTotal,
    string? Error,
    SaeSummary? Sae)
{
    public static async Task<IReadOnlyList<WorkspaceSummary>> ListAsync(SaexDbContext db, CancellationToken ct = default) =>
        await db.Workspaces.AsNoTracking().OrderBy(w => w.Name).Select(w => new WorkspaceSummary(
            w.Id, w.Name, w.ImportedFrom, w.State, w.EncoderPreset, w.EmbeddingDimension,
            w.Images.Count(),
            w.Images.Count(i => i.EmbeddingRow != null),
            w.Images.Count(i => i.SkipReason != null),
            w.Stage, w.StageDone, w.StageTotal, w.Error,
            db.Saes.Where(s => s.WorkspaceId == w.Id && s.IsActive)
                .Select(s => new SaeSummary(s.Name, s.Architecture, s.DIn, s.DSae, s.ExplainedVariance, s.L0, s.DeadShare))
                .FirstOrDefault())).ToListAsync(ct);
}

/// <summary>The active SAE of a workspace and its held-out metrics.</summary>
public sealed record SaeSummary(string Name, string Architecture, int DIn, int DSae, double? ExplainedVariance, double? L0, double? DeadShare)
{
    public int? AliveFeatures => DeadShare is { } dead ? (int)Math.Round(DSae * (1 - dead)) : null;
}
