using SaeExplorer.Core.Encoders;
using SaeExplorer.Data.Jobs;

namespace SaeExplorer.Data.Workspaces;

/// <summary>What the home page shows of a workspace.</summary>
/// <param name="IsDemo">The workspace made from the demo pack on every start (it cannot be deleted).</param>
/// <param name="Space">Its embedding space; null until the corpus is imported.</param>
/// <param name="Job">The stage running now, else the last one that ran (a failure's reason is there); null before any.</param>
/// <param name="Saes">Its SAEs, the first (the default) first.</param>
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
    IReadOnlyList<SaeSummary> Saes)
{
    /// <summary>The first SAE (the one pages show without ?sae=); null before it is planned.</summary>
    public SaeSummary? Sae => Saes.FirstOrDefault();

    /// <summary>Whether any SAE has its features indexed, so the workspace's pages have something to show.</summary>
    public bool Browsable => Saes.Any(s => s.AliveInCorpus is not null);
}

/// <summary>One run of a preparation stage, as the home card shows it.</summary>
public sealed record JobSummary(string Stage, string Title, JobState State, int Attempt, int Done, int Total, DateTimeOffset StartedAt, string? Error);

/// <summary>One SAE of a workspace: where it came from, how it is stored, its metrics and how its preparation stands.</summary>
/// <param name="DeadShare">Share of features that never fire on the held-out split (from training's evaluation).</param>
/// <param name="AliveInCorpus">Features that fire on at least one corpus image (from the feature index); null before indexing.</param>
public sealed record SaeSummary(string Name, string Architecture, int DIn, int DSae, double? ExplainedVariance, double? L0, double? DeadShare,
    int? AliveInCorpus = null)
{
    public int Id { get; init; }

    /// <summary>"trained" or "imported".</summary>
    public string Origin { get; init; } = Saes.WorkspaceSae.Trained;

    /// <summary>"saelens", "pth" or "saev".</summary>
    public string Format { get; init; } = "saelens";

    public string? Normalization { get; init; }

    public string? Fingerprint { get; init; }

    /// <summary>The file an imported SAE came from (a server path: for admins only); null when trained here.</summary>
    public string? Source { get; init; }

    /// <summary>The index built elsewhere it came with (a server path); null when the app builds it.</summary>
    public string? IndexSource { get; init; }

    public WorkspaceState State { get; init; } = WorkspaceState.Ready;

    /// <summary>The workspace's first SAE, shown without ?sae=.</summary>
    public bool IsDefault { get; init; } = true;

    /// <summary>Its latest stage run; null before any.</summary>
    public JobSummary? Job { get; init; }

    /// <summary>Features that fire on at least one held-out image.</summary>
    public int? AliveHeldOut => AliveOnHeldOut(DSae, DeadShare);

    /// <summary>Features of <paramref name="dSae"/> that fire on at least one held-out image, from the share that never does.</summary>
    public static int? AliveOnHeldOut(int dSae, double? deadShare) => deadShare is { } dead ? (int)Math.Round(dSae * (1 - dead)) : null;
}
