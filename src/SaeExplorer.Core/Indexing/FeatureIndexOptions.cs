using System.ComponentModel.DataAnnotations;

namespace SaeExplorer.Core.Indexing;

/// <summary>Settings of a <see cref="FeatureIndexBuilder"/>.</summary>
public sealed record FeatureIndexOptions : Settings.ISectionOptions
{
    public static string Section => "Indexing";

    /// <summary>Top activating rows kept per feature.</summary>
    [Range(1, 100_000)]
    public int TopK { get; init; } = 64;

    /// <summary>Quantile bands per feature (at least 2; see <see cref="FeatureStats.SampleRows"/>).</summary>
    [Range(2, 1000)]
    public int QuantileBands { get; init; } = 10;

    [Range(1, 10_000)]
    public int SamplesPerBand { get; init; } = 5;

    /// <summary>Nearest features by decoder cosine, computed by <see cref="FeatureIndexBuilder.Build"/>.</summary>
    [Range(0, 10_000)]
    public int NeighbourCount { get; init; } = 10;

    /// <summary>Rows encoded per call to <see cref="IFeatureSource.EncodeBatch"/>.</summary>
    [Range(1, 1 << 20)]
    public int BatchSize { get; init; } = 256;

    /// <summary>Where the builder keeps its checkpoint (one file per shard); null: none.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>
    /// The fingerprint of the SAE weights file being indexed (see <see cref="FeatureIndex.SaeFingerprint"/>): recorded in
    /// the index and its checkpoints, and a checkpoint recording another is refused rather than resumed. Not a setting:
    /// whoever builds sets it.
    /// </summary>
    public string? SaeFingerprint { get; init; }

    /// <summary>Batches between checkpoints.</summary>
    [Range(1, int.MaxValue)]
    public int CheckpointEveryBatches { get; init; } = 64;

    /// <summary>Threads for the activation scan (results do not depend on it).</summary>
    [Range(1, 4096)]
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(TopK);
        ArgumentOutOfRangeException.ThrowIfLessThan(QuantileBands, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(SamplesPerBand);
        ArgumentOutOfRangeException.ThrowIfNegative(NeighbourCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(CheckpointEveryBatches);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxDegreeOfParallelism);
    }
}

/// <summary>The two long steps of an index build.</summary>
public enum IndexStep
{
    /// <summary>Every row of the shard through the SAE (units: rows).</summary>
    Encode,

    /// <summary>Each feature's nearest features by decoder cosine (units: features).</summary>
    NearestFeatures,
}

public static class IndexStepNames
{
    /// <summary>"encode" or "nearest features", as progress lines say it.</summary>
    public static string Describe(this IndexStep step) => step == IndexStep.Encode ? "encode" : "nearest features";
}

/// <summary>Where an index build is: its step, and that step's units done, rate and time left.</summary>
public readonly record struct IndexBuildProgress(IndexStep Step, Progress.WorkProgress Work)
{
    /// <summary>Units of the current step done (rows of the shard while encoding, features while finding neighbours).</summary>
    public long RowsDone => Work.Done;

    public long RowsTotal => Work.Total;

    /// <summary>"encode 412,160/1,000,000 rows, 612 rows/s, 0:16:01 left".</summary>
    public override string ToString() => $"{Step.Describe()} {Work.Describe(Step == IndexStep.Encode ? "rows" : "features")}";
}
