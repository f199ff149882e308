using System.Runtime.ExceptionServices;
using SaeExplorer.Core.Embeddings;

namespace SaeExplorer.Core.Indexing;

/// <summary>
/// Streams embeddings through an <see cref="IFeatureSource"/> a batch at a time and keeps per-feature
/// statistics (see <see cref="FeatureIndex"/>) in memory independent of the corpus size. Only the
/// nonzero activations of each dense batch are touched, by a vectorised scan split over feature
/// ranges (each feature's state is owned by one thread and sees rows in order, so the result does not
/// depend on the thread count). With <see cref="FeatureIndexOptions.CheckpointPath"/> set, the
/// partial state and the next row are saved every <see cref="FeatureIndexOptions.CheckpointEveryBatches"/>
/// batches and on cancellation, and a later build of the same range resumes from the file.
/// </summary>
public sealed class FeatureIndexBuilder
{
    public FeatureIndexBuilder(FeatureIndexOptions? options = null)
    {
        Options = options ?? new FeatureIndexOptions();
        Options.Validate();
    }

    public FeatureIndexOptions Options { get; }

    /// <summary>The row range [i·N/n, (i+1)·N/n) of shard i of n.</summary>
    public static (long Start, long End) ShardRange(long rows, int shardIndex, int shardCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shardCount);
        if ((uint)shardIndex >= (uint)shardCount)
            throw new ArgumentOutOfRangeException(nameof(shardIndex), $"Shard {shardIndex} is outside 0..{shardCount - 1}.");
        return (rows * shardIndex / shardCount, rows * (shardIndex + 1) / shardCount);
    }

    /// <summary>Where the nearest-features step keeps its checkpoint: beside the encoding's.</summary>
    public static string NeighboursCheckpointPath(string checkpointPath) => checkpointPath + ".neighbours";

    /// <summary>
    /// The whole corpus, with nearest neighbours. With a checkpoint path, the encoded statistics stay in their checkpoint
    /// until the neighbours are done too (which keep their own, <see cref="NeighboursCheckpointPath"/>), so a kill in
    /// either step resumes in that step.
    /// </summary>
    public FeatureIndex Build(IFeatureSource source, IEmbeddingMatrix embeddings,
        IProgress<IndexBuildProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        FeatureIndex index = BuildRange(source, embeddings, 0, embeddings.Rows, progress, cancellationToken, keepCheckpoint: true);
        string? checkpoint = Options.CheckpointPath;
        NearestFeatures neighbours = NearestFeatures.Compute(source, Options.NeighbourCount, cancellationToken: cancellationToken,
            checkpointPath: checkpoint is null ? null : NeighboursCheckpointPath(checkpoint), progress: progress);
        if (checkpoint is not null && File.Exists(checkpoint))
            File.Delete(checkpoint);
        return index.WithNeighbours(neighbours);
    }

    /// <summary>Shard i of n (no neighbours: they depend on the decoder only; attach them once after <see cref="FeatureIndex.Merge"/>).</summary>
    public FeatureIndex BuildShard(IFeatureSource source, IEmbeddingMatrix embeddings, int shardIndex, int shardCount,
        IProgress<IndexBuildProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        (long start, long end) = ShardRange(embeddings.Rows, shardIndex, shardCount);
        return BuildRange(source, embeddings, start, end, progress, cancellationToken);
    }

    /// <summary>Rows [start, end) of the corpus.</summary>
    public FeatureIndex BuildRange(IFeatureSource source, IEmbeddingMatrix embeddings, long start, long end,
        IProgress<IndexBuildProgress>? progress = null, CancellationToken cancellationToken = default) =>
        BuildRange(source, embeddings, start, end, progress, cancellationToken, keepCheckpoint: false);

    /// <param name="keepCheckpoint">Leave the finished statistics in the checkpoint (a later step still has to run).</param>
    private FeatureIndex BuildRange(IFeatureSource source, IEmbeddingMatrix embeddings, long start, long end,
        IProgress<IndexBuildProgress>? progress, CancellationToken cancellationToken, bool keepCheckpoint)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(embeddings);
        long corpusRows = embeddings.Rows;
        if (corpusRows > int.MaxValue)
            throw new ArgumentException($"The index numbers rows with int; {corpusRows} rows is too many.", nameof(embeddings));
        if (start < 0 || start > end || end > corpusRows)
            throw new ArgumentOutOfRangeException(nameof(start), $"Rows {start}..{end} are not a range of 0..{corpusRows}.");
        if (embeddings.Columns != source.InputDimension)
            throw new ArgumentException($"Embeddings have {embeddings.Columns} columns; the SAE takes {source.InputDimension}.", nameof(embeddings));

        FeatureIndexOptions o = Options;
        int features = source.FeatureCount, d = source.InputDimension;
        var acc = new FeatureAccumulator(features, o.TopK, o.QuantileBands, o.SamplesPerBand);
        long next = start;
        if (o.CheckpointPath is { } cp && File.Exists(cp))
        {
            FeatureIndex partial = FeatureIndexFile.LoadCheckpoint(cp, out long targetEnd);
            if (partial.FeatureCount != features || partial.TopK != o.TopK || partial.QuantileBands != o.QuantileBands
                || partial.SamplesPerBand != o.SamplesPerBand || partial.CorpusRows != corpusRows
                || partial.RowStart != start || targetEnd != end)
                throw new IndexCheckpointMismatchException(
                    $"Checkpoint '{cp}' is for rows {partial.RowStart}..{targetEnd} of {partial.CorpusRows}, {partial.FeatureCount} features, " +
                    $"top-{partial.TopK}, {partial.QuantileBands}x{partial.SamplesPerBand} samples; this build is rows {start}..{end} of " +
                    $"{corpusRows}, {features} features, top-{o.TopK}, {o.QuantileBands}x{o.SamplesPerBand}. Delete it to start over.");
            if (o.SaeFingerprint is { } sae && partial.SaeFingerprint != sae)
                throw new IndexCheckpointMismatchException(
                    $"Checkpoint '{cp}' was written for the SAE with weights {partial.SaeFingerprint ?? "not recorded (an older build)"}; " +
                    $"this build indexes the SAE with weights {sae}. Delete it to start over.");
            acc.MergeFrom(partial);
            next = partial.RowEnd;
        }

        // Rows are encoded in the whole corpus's grid of batches [kB, (k+1)B), whatever the range: libtorch does not round
        // a row alike in every batch shape, so a shard starting mid-batch would otherwise see activations a rounding step
        // away from the single run's, and sharded + merged would not equal one run. A shard's edge batches are encoded
        // whole and only its rows scanned: at most two extra batches per shard.
        int grid = Math.Max(1, o.BatchSize);
        int batch = (int)Math.Min(grid, Math.Max(1, corpusRows));
        var input = new float[batch * d];
        var activations = new float[(long)batch * features];
        int chunks = ChunkCount(features, o.MaxDegreeOfParallelism);
        int chunkSize = (features + chunks - 1) / chunks;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = o.MaxDegreeOfParallelism };
        int batchesSinceCheckpoint = 0;
        var clock = new Progress.RateClock();
        progress?.Report(new IndexBuildProgress(IndexStep.Encode, clock.Next(next - start, end - start)));
        try
        {
            while (next < end)
            {
                cancellationToken.ThrowIfCancellationRequested();
                long gridStart = next / grid * grid;
                int gridCount = (int)Math.Min(grid, corpusRows - gridStart);
                embeddings.ReadRows(gridStart, gridCount, input.AsSpan(0, gridCount * d));
                source.EncodeBatch(input.AsSpan(0, gridCount * d), gridCount, activations.AsSpan(0, gridCount * features));
                int skip = (int)(next - gridStart);
                int count = (int)(Math.Min(gridStart + gridCount, end) - next);
                ReadOnlySpan<float> mine = activations.AsSpan(skip * features, count * features);
                int firstRow = (int)next;
                if (chunks == 1)
                    acc.Scan(mine, count, firstRow, 0, features);
                else
                {
                    try
                    {
                        Parallel.For(0, chunks, parallel, c =>
                        {
                            int fs = c * chunkSize, fe = Math.Min(features, fs + chunkSize);
                            if (fs < fe)
                                acc.Scan(activations.AsSpan(skip * features, count * features), count, firstRow, fs, fe);
                        });
                    }
                    catch (AggregateException e) when (e.InnerExceptions.Count == 1)
                    {
                        ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
                    }
                }
                next += count;
                if (o.CheckpointPath is { } path && ++batchesSinceCheckpoint >= o.CheckpointEveryBatches && next < end)
                {
                    SaveCheckpoint(acc, corpusRows, start, next, end, path);
                    batchesSinceCheckpoint = 0;
                }
                progress?.Report(new IndexBuildProgress(IndexStep.Encode, clock.Next(next - start, end - start)));
            }
        }
        catch (OperationCanceledException) when (o.CheckpointPath is not null && batchesSinceCheckpoint > 0)
        {
            // Between batches the state is consistent: keep the work done.
            SaveCheckpoint(acc, corpusRows, start, next, end, o.CheckpointPath);
            throw;
        }

        if (o.CheckpointPath is { } done)
        {
            if (!keepCheckpoint && File.Exists(done))
                File.Delete(done);
            else if (keepCheckpoint && (batchesSinceCheckpoint > 0 || !File.Exists(done)))
                SaveCheckpoint(acc, corpusRows, start, end, end, done);
        }
        return acc.Finish(corpusRows, start, end).WithSaeFingerprint(o.SaeFingerprint);
    }

    private void SaveCheckpoint(FeatureAccumulator acc, long corpusRows, long start, long next, long end, string path) =>
        FeatureIndexFile.SaveCheckpoint(acc.Clone().Finish(corpusRows, start, next).WithSaeFingerprint(Options.SaeFingerprint), end, path);

    private static int ChunkCount(int features, int threads) =>
        threads <= 1 || features < 4096 ? 1 : Math.Min(threads * 4, features / 1024);
}
