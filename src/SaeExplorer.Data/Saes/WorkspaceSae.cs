namespace SaeExplorer.Data.Saes;

/// <summary>
/// A sparse autoencoder attached to a workspace (trained here or imported), with its held-out
/// metrics. Weights stay on disk in SAELens layout at <see cref="Path"/>.
/// </summary>
public class WorkspaceSae
{
    public int Id { get; set; }
    public int WorkspaceId { get; set; }
    public required string Name { get; set; }
    /// <summary>Where it came from: "trained", "saelens", "pth" or "saev".</summary>
    public required string Origin { get; set; }
    /// <summary>SAELens folder (cfg.json + sae_weights.safetensors).</summary>
    public required string Path { get; set; }
    public required string Architecture { get; set; }
    public int DIn { get; set; }
    public int DSae { get; set; }
    /// <summary>The one the pages use; at most one per workspace.</summary>
    public bool IsActive { get; set; }
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
