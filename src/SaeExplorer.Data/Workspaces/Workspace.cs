namespace SaeExplorer.Data.Workspaces;

/// <summary>One encoder + corpus (+ later SAE and index): the unit every page is scoped to.</summary>
public class Workspace
{
    public int Id { get; set; }
    /// <summary>URL-safe name used in permalinks (e.g. "demo").</summary>
    public required string Name { get; set; }
    public required string EncoderPreset { get; set; }
    public int EmbeddingDimension { get; set; }
    /// <summary>Folder holding the corpus's manifest.csv and images (for an import, the pack built from it).</summary>
    public required string CorpusPath { get; set; }
    /// <summary>For a workspace imported from the web or CLI: the corpus folder as given; null for the demo.</summary>
    public string? ImportedFrom { get; set; }
    /// <summary>The layout of <see cref="ImportedFrom"/> (a CorpusFormat name), or null to detect it.</summary>
    public string? ImportFormat { get; set; }
    /// <summary>The .npy holding one embedding row per encoded corpus image.</summary>
    public string? EmbeddingsPath { get; set; }
    public WorkspaceState State { get; set; }
    /// <summary>Human name of the preparation stage now running (e.g. "encode the demo pack").</summary>
    public string? Stage { get; set; }
    public int StageDone { get; set; }
    public int StageTotal { get; set; }
    public DateTimeOffset? StageStartedAt { get; set; }
    public string? Error { get; set; }
    /// <summary>Keys of the preparation stages finished so far, comma-separated, in order.</summary>
    public string CompletedStages { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<Corpus.CorpusImage> Images { get; set; } = [];
}

public enum WorkspaceState
{
    Preparing = 0,
    Ready = 1,
    Failed = 2,
}
