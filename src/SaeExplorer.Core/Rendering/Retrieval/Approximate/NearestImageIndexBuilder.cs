using System.Numerics.Tensors;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Progress;

namespace SaeExplorer.Core.Rendering.Retrieval.Approximate;

/// <summary>
/// Builds the approximate nearest-image index of a corpus: every row minus the corpus mean, as float16, into a USearch
/// HNSW graph with the cosine metric (so the graph's own metric is the centred cosine that icons and group neighbours
/// rank by), streamed a block at a time from the (mapped) corpus and added by several threads. The mean is saved
/// beside the index (<see cref="NearestImageIndex.MeanPath"/>). Every <see cref="NearestImagesOptions.CheckpointEveryRows"/>
/// rows the graph so far is saved, and a later build of the same corpus resumes from it.
/// </summary>
public static class NearestImageIndexBuilder
{
    private const int BlockRows = 1024;

    /// <summary>The partial graph a build keeps beside <c>path</c> until it is done.</summary>
    public static string CheckpointPath(string path) => path + ".checkpoint";

    /// <exception cref="InvalidDataException">A checkpoint of another corpus width is in the way (delete it).</exception>
    public static void Build(IEmbeddingMatrix corpus, string path, NearestImagesOptions options,
        IProgress<WorkProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(options);
        int rows = CorpusBlocks.RowCount(corpus), d = corpus.Columns;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        float[] mean = MeanOf(corpus, path, ct);
        string checkpoint = CheckpointPath(path);
        using HnswIndex index = File.Exists(checkpoint)
            ? HnswIndex.Open(checkpoint, view: false)
            : HnswIndex.Create(d, options.Connectivity, options.ExpansionAdd, options.ExpansionSearch, options.Vectors == NearestImagesOptions.Int8);
        if (index.Dimensions != d)
            throw new InvalidDataException($"{checkpoint} holds {index.Dimensions}-d vectors, the corpus {d}; delete it to start over");
        index.Reserve(rows, options.Threads);
        long next = index.Count, sinceCheckpoint = 0;
        var clock = new RateClock();
        progress?.Report(clock.Next(next, rows));
        var floats = new float[BlockRows * d];
        var halves = new Half[BlockRows * d];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Threads, CancellationToken = ct };
        while (next < rows)
        {
            ct.ThrowIfCancellationRequested();
            int n = (int)Math.Min(BlockRows, rows - next);
            corpus.ReadRows(next, n, floats.AsSpan(0, n * d));
            for (int r = 0; r < n; r++)
                TensorPrimitives.Subtract(floats.AsSpan(r * d, d), mean, floats.AsSpan(r * d, d));
            TensorPrimitives.ConvertToHalf(floats.AsSpan(0, n * d), halves.AsSpan(0, n * d));
            long first = next;
            Parallel.For(0, n, parallel, r => index.Add(first + r, halves.AsSpan(r * d, d)));
            next += n;
            sinceCheckpoint += n;
            if (sinceCheckpoint >= options.CheckpointEveryRows && next < rows)
            {
                SaveAtomically(index, checkpoint);
                sinceCheckpoint = 0;
            }
            progress?.Report(clock.Next(next, rows));
        }
        SaveAtomically(index, path);
        File.Delete(checkpoint);
    }

    /// <summary>The mean saved by an earlier, interrupted build of this index, or computed now and saved.</summary>
    private static float[] MeanOf(IEmbeddingMatrix corpus, string path, CancellationToken ct)
    {
        string meanPath = NearestImageIndex.MeanPath(path);
        if (File.Exists(meanPath) && File.Exists(CheckpointPath(path)))
            return NearestImageIndex.ReadMean(meanPath, corpus.Columns);
        float[] mean = RowNorms.Mean(corpus, null, ct);
        using (var writer = NpyWriter.Create(meanPath, corpus.Columns))
        {
            writer.WriteRow(mean);
            writer.Complete();
        }
        return mean;
    }

    private static void SaveAtomically(HnswIndex index, string path)
    {
        string partial = IO.AtomicFile.PartialPathFor(path);
        index.Save(partial);
        File.Move(partial, path, overwrite: true);
    }
}
