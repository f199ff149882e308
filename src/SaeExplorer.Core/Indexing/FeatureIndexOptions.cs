namespace SaeExplorer.Core.Indexing;

/// <summary>Settings of a <see cref="FeatureIndexBuilder"/>.</summary>
public sealed record FeatureIndexOptions
{
    /// <summary>Top activating rows kept per feature.</summary>
    public int TopK { get; init; } = 64;

    /// <summary>Quantile bands per feature (at least 2; see <see cref="FeatureStats.SampleRows"/>).</summary>
    public int QuantileBands { get; init; } = 10;

    public int SamplesPerBand { get; init; } = 5;

    /// <summary>Nearest features by decoder cosine, computed by <see cref="FeatureIndexBuilder.Build"/>.</summary>
    public int NeighbourCount { get; init; } = 10;

    /// <summary>Rows encoded per call to <see cref="IFeatureSource.EncodeBatch"/>.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Where the builder keeps its checkpoint (one file per shard); null: none.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Batches between checkpoints.</summary>
    public int CheckpointEveryBatches { get; init; } = 64;

    /// <summary>Threads for the activation scan (results do not depend on it).</summary>
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

/// <summary>Rows of the current shard done so far, out of its total.</summary>
public readonly record struct IndexBuildProgress(long RowsDone, long RowsTotal);
