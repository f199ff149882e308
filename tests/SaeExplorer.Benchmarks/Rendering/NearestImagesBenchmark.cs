using BenchmarkDotNet.Attributes;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Rendering.Retrieval;
using SaeExplorer.Core.Rendering.Retrieval.Approximate;

namespace SaeExplorer.Benchmarks.Rendering;

/// <summary>
/// Nearest corpus images at scale: the USearch HNSW index (the "index nearest images" stage, default settings: int8
/// vectors, connectivity 32, ef 512, 512 candidates rescored exactly) against the baseline of exact top-8 over the same memory-mapped
/// float16 corpus, 100,000 x 1280 rows in 2,000 clusters (a centre plus noise, so neighbours mean something as in CLIP
/// space). Setup builds the index once and prints recall@8 of both cosines against exact retrieval; the Ratio column is
/// a query's time over the exact one's. The scale run (docs/scale.md) gives the same figures at 10^6 rows.
/// </summary>
public class NearestImagesBenchmark
{
    private const int Rows = 100_000, Columns = 1280, Clusters = 2_000, Top = 8, Queries = 32;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"saex-nearest-bench-{Environment.ProcessId}");
    private NpyFile _corpus = null!;
    private RowNorms _norms = null!;
    private NearestImageIndex _index = null!;
    private float[][] _queries = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        Directory.CreateDirectory(_directory);
        var path = Path.Combine(_directory, "corpus.npy");
        WriteClusteredCorpus(path);
        _corpus = NpyFile.Open(path);
        _norms = RowNorms.Compute(_corpus, new RetrievalOptions());
        var options = new NearestImagesOptions();
        var indexPath = Path.Combine(_directory, "corpus.usearch");
        NearestImageIndexBuilder.Build(_corpus, indexPath, options);
        _index = NearestImageIndex.Open(indexPath, _corpus, options);
        _queries = [.. Enumerable.Range(0, Queries).Select(q => Row(q * (Rows / Queries)))];
        foreach (var centred in new[] { false, true })
            Console.WriteLine($"// {RecallCheck.Run(_corpus, _index, 100, Top, centred)}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _index.Dispose();
        _corpus.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "exact top-8, fp16 corpus of 100,000 rows")]
    public RetrievalHit[] Exact() => ExactRetrieval.Nearest(_corpus, _norms, NextQuery(), new RetrievalOptions { Top = Top });

    [Benchmark(Description = "USearch top-8, plain cosine (steering renders)")]
    public RetrievalHit[] Approximate() => _index.Nearest(NextQuery(), Top, centred: false);

    [Benchmark(Description = "USearch top-8, centred cosine (icons, group neighbours)")]
    public RetrievalHit[] ApproximateCentred() => _index.Nearest(NextQuery(), Top, centred: true);

    private float[] NextQuery() => _queries[_next++ % Queries];

    private float[] Row(int row)
    {
        var values = new float[Columns];
        _corpus.ReadRows(row, 1, values);
        return values;
    }

    private static void WriteClusteredCorpus(string path)
    {
        var random = new Random(5);
        var centres = new float[Clusters][];
        for (var c = 0; c < Clusters; c++) centres[c] = [.. Enumerable.Range(0, Columns).Select(_ => random.NextSingle() * 2f - 1f)];
        using var writer = NpyWriter.Create(path, Columns, NpyDType.Float16);
        var row = new float[Columns];
        for (var r = 0; r < Rows; r++)
        {
            var centre = centres[random.Next(Clusters)];
            for (var j = 0; j < Columns; j++) row[j] = centre[j] + (random.NextSingle() * 2f - 1f) * 0.6f;
            writer.WriteRow(row);
        }
        writer.Complete();
    }
}
