using SaeExplorer.Core.Encoders;

namespace SaeExplorer.Data.Workspaces;

/// <summary>
/// One encoder + corpus + SAE + index: the unit every page is scoped to. The row keeps the workspace's identity and
/// summary; how its preparation went is in its <see cref="Jobs.PreparationJob"/>s.
/// </summary>
public class Workspace
{
    public int Id { get; set; }
    /// <summary>URL-safe name used in permalinks (e.g. "demo").</summary>
    public required string Name { get; set; }
    /// <summary>Folder holding the corpus's manifest.csv and images (once imported, the pack built from it).</summary>
    public required string CorpusPath { get; set; }
    /// <summary>The corpus folder as given (the demo pack, or a folder imported from the web or CLI).</summary>
    public required string ImportedFrom { get; set; }
    /// <summary>The layout of <see cref="ImportedFrom"/> (a CorpusFormat name), or null to detect it.</summary>
    public string? ImportFormat { get; set; }
    /// <summary>The .npy holding one embedding row per encoded corpus image.</summary>
    public string? EmbeddingsPath { get; set; }

    // The embedding space of the vectors (see EmbeddingSpace), recorded by the import stage; null until then.
    public string? SpacePreset { get; set; }
    public string? SpaceModel { get; set; }
    public string? SpaceFingerprint { get; set; }
    public string? SpaceNormalization { get; set; }
    public int EmbeddingDimension { get; set; }

    // How many corpus images the import recorded, encoded and skipped: kept here, since counting a corpus of 10^6 rows
    // on every home page took 0.3 s (the skipped count reads every row).
    public int ImageCount { get; set; }
    public int EncodedCount { get; set; }
    public int SkippedCount { get; set; }

    public WorkspaceState State { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<Corpus.CorpusImage> Images { get; set; } = [];

    /// <summary>The recorded space, or null before the corpus was imported.</summary>
    public EmbeddingSpace? Space => SpacePreset is null
        ? null
        : new EmbeddingSpace(SpacePreset, SpaceModel ?? "", EmbeddingDimension, SpaceFingerprint,
            SpaceNormalization ?? EmbeddingSpace.NoNormalization);

    public void RecordSpace(EmbeddingSpace space)
    {
        SpacePreset = space.Preset;
        SpaceModel = space.Model;
        SpaceFingerprint = space.Fingerprint;
        SpaceNormalization = space.Normalization;
        EmbeddingDimension = space.Dimension;
    }
}

public enum WorkspaceState
{
    Preparing = 0,
    Ready = 1,
    Failed = 2,
}
