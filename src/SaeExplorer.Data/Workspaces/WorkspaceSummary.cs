using SaeExplorer.Core.Encoders;
using SaeExplorer.Data.Jobs;

namespace SaeExplorer.Data.Workspaces;

/// <summary>What the home page shows of a workspace.</summary>
/// <param name="IsDemo">The workspace made from the demo pack on every start (it cannot be deleted).</param>
/// <param name="Space">Its embedding space; null until the corpus is imported.</param>
/// <param name="Job">The stage running now, else the last one that ran (a failure's reason is there); null before any.</param>
public sealed record WorkspaceSummary(
    int Id,
    string Name,
    string ImportedFrom,
    bool IsDemo,
    WorkspaceState State,
    EmbeddingSpace? Space,
    int Images,
    int Encoded,
    int Skipped,
    JobSummary? Job,
    SaeSummary? Sae);

/// <summary>One run of a preparation stage, as the home card shows it.</summary>
public sealed record JobSummary(string Stage, string Title, JobState State, int Attempt, int Done, int Total, DateTimeOffset StartedAt, string? Error);

/// <summary>The active SAE of a workspace and its metrics.</summary>
/// <param name="DeadShare">Share of features that never fire on the held-out split (from training's evaluation).</param>
/// <param name="AliveInCorpus">Features that fire on at least one corpus image (from the feature index); null before indexing.</param>
public sealed record SaeSummary(string Name, string Architecture, int DIn, int DSae, double? ExplainedVariance, double? L0, double? DeadShare,
    int? AliveInCorpus = null)
{
    /// <summary>Features that fire on at least one held-out image.</summary>
    public int? AliveHeldOut => AliveOnHeldOut(DSae, DeadShare);

    /// <summary>Features of <paramref name="dSae"/> that fire on at least one held-out image, from the share that never does.</summary>
    public static int? AliveOnHeldOut(int dSae, double? deadShare) => deadShare is { } dead ? (int)Math.Round(dSae * (1 - dead)) : null;
}
