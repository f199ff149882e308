using Microsoft.EntityFrameworkCore;

namespace SaeExplorer.Data.Workspaces;

/// <summary>What the home page shows of a workspace.</summary>
public sealed record WorkspaceSummary(
    string Name,
    WorkspaceState State,
    string EncoderPreset,
    int EmbeddingDimension,
    int Images,
    int Encoded,
    int Skipped,
    string? Stage,
    int StageDone,
    int StageTotal,
    string? Error)
{
    public static async Task<IReadOnlyList<WorkspaceSummary>> ListAsync(SaexDbContext db, CancellationToken ct = default) =>
        await db.Workspaces.AsNoTracking().OrderBy(w => w.Name).Select(w => new WorkspaceSummary(
            w.Name, w.State, w.EncoderPreset, w.EmbeddingDimension,
            w.Images.Count(),
            w.Images.Count(i => i.EmbeddingRow != null),
            w.Images.Count(i => i.SkipReason != null),
            w.Stage, w.StageDone, w.StageTotal, w.Error)).ToListAsync(ct);
}
