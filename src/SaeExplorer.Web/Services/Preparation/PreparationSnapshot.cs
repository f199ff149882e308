using SaeExplorer.Core.Progress;
using SaeExplorer.Data.Workspaces;

namespace SaeExplorer.Web.Services.Preparation;

/// <summary>What the home page shows of a workspace being prepared.</summary>
public sealed record PreparationSnapshot(
    string Workspace,
    WorkspaceState State,
    string? Stage,
    int StageNumber,
    int StageCount,
    int Done,
    int Total,
    TimeSpan Elapsed,
    string? Error)
{
    /// <summary>Share of a stage done, 0 to 1, whatever the counts (a total of 0 is "nothing known yet").</summary>
    public static double Fraction(int done, int total) => new WorkProgress(done, total, 0).Fraction;

    /// <summary>Items a second in the stage so far; null until some are done.</summary>
    public double? PerSecond => Done > 0 && Elapsed > TimeSpan.Zero ? Done / Elapsed.TotalSeconds : null;

    /// <summary>Linear estimate from the pace so far (<see cref="WorkProgress.Remaining"/>); null until there is a pace.</summary>
    public TimeSpan? Remaining => new WorkProgress(Done, Total, PerSecond ?? 0).Remaining;
}
