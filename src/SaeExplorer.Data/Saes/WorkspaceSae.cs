namespace SaeExplorer.Data.Saes;

/// <summary>
/// One of a workspace's sparse autoencoders (trained here or imported), with its held-out metrics. A workspace has one
/// or more; each is indexed, labelled and given icons on its own (its jobs carry its id). The row exists from the moment
/// the SAE is asked for (its stages fill in the rest), so a half-prepared SAE is visible and resumable. Weights stay on
/// disk in <see cref="Path"/>: a SAELens folder, or the imported file kept as it came.
/// </summary>
public class WorkspaceSae
{
    /// <summary>Where an SAE trained by the workspace's own stage came from.</summary>
    public const string Trained = "trained";

    /// <summary>Where an SAE brought as a file came from.</summary>
    public const string Imported = "imported";

    public int Id { get; set; }
    public int WorkspaceId { get; set; }
    /// <summary>URL-safe, unique in its workspace: pages pick it with ?sae=&lt;name&gt;.</summary>
    public required string Name { get; set; }
    /// <summary><see cref="Trained"/> or <see cref="Imported"/>.</summary>
    public required string Origin { get; set; }
    /// <summary>The weights folder (<see cref="Core.Settings.SaeFiles.Weights"/>); its parent holds the SAE's index and icons.</summary>
    public required string Path { get; set; }
    /// <summary>How the weights are stored: a <see cref="Core.Sae.Loading.SaeFormat"/> name, lower-case ("saelens", "pth", "saev").</summary>
    public string Format { get; set; } = "saelens";
    /// <summary>The file or folder an imported SAE was copied from; null for one trained here.</summary>
    public string? Source { get; set; }
    /// <summary>A feature index built elsewhere for this SAE (a .idx), taken instead of building one; null: the app builds it.</summary>
    public string? IndexSource { get; set; }
    /// <summary>The weights file's <see cref="Core.Encoders.ModelFingerprint"/>; null until known (rows made before it was recorded).</summary>
    public string? Fingerprint { get; set; }
    /// <summary>Its input normalisation, SAELens's name ("none", "constant_norm_rescale", ...); null until known.</summary>
    public string? Normalization { get; set; }
    /// <summary>Empty until its train or load stage has run.</summary>
    public required string Architecture { get; set; }
    public int DIn { get; set; }
    public int DSae { get; set; }
    /// <summary>The workspace's first SAE: the one pages show without ?sae=, at most one per workspace.</summary>
    public bool IsActive { get; set; }
    /// <summary>Preparing until its stages are done, Ready after, Failed when one failed (its job says why).</summary>
    public Workspaces.WorkspaceState State { get; set; } = Workspaces.WorkspaceState.Ready;
    public int TrainingSteps { get; set; }
    public double TrainingSeconds { get; set; }

    // Held-out metrics (null when never evaluated); the full record, histogram included, is MetricsJson.
    public long? EvaluatedSamples { get; set; }
    public double? ExplainedVariance { get; set; }
    public double? Mse { get; set; }
    public double? MeanCosine { get; set; }
    public double? L0 { get; set; }
    public double? DeadShare { get; set; }
    public double? DenseShare { get; set; }
    public string? MetricsJson { get; set; }

    /// <summary>Features that fire on at least one corpus image, counted by the index stage; null before indexing.</summary>
    public int? AliveFeatures { get; set; }

    /// <summary>The workspace report (label scores, purity against raw dimensions) the label stage computed; null before.</summary>
    public string? ReportJson { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
