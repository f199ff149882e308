using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using SaeExplorer.Benchmarks.Sae;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Rendering.Icons;
using SaeExplorer.Core.Rendering.Retrieval;
using SaeExplorer.Core.Sae.Model;
using SaeExplorer.Core.Steering;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace SaeExplorer.Benchmarks.Rendering;

/// <summary>
/// The icons stage's retrieval: 4,096 features' steered mean embeddings against 10,000 x 512 corpus rows (a mapped
/// float32 .npy), top 1 each, against the baseline of one blockwise top-k matrix product of the same size: unit
/// queries [4,096 x 512] times the corpus in blocks of 1,024 rows, the best per query kept by torch.max (corpus and
/// its norms already in memory). Target: the whole builder (steering, batched exact retrieval, the set written to
/// disk) within 1.5x the bare product.
/// </summary>
public class IconRetrievalBenchmark
{
    private const int Features = 4096, Rows = 10_000, Columns = 512, BlockRows = 1024;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"saex-icon-bench-{Environment.ProcessId}");
    private NpyFile _corpus = null!;
    private RowNorms _norms = null!;
    private SparseAutoencoder _sae = null!;
    private RetrievalRenderer _renderer = null!;
    private IconPlan _plan = null!;
    private float[] _steered = [];
    private Tensor _units = null!, _rows = null!, _inverseNorms = null!;

    [GlobalSetup]
    public void Setup()
    {
        Directory.CreateDirectory(_directory);
        string path = Path.Combine(_directory, "corpus.npy");
        var random = new Random(5);
        using (NpyWriter writer = NpyWriter.Create(path, Columns, NpyDType.Float32))
        {
            var row = new float[Columns];
            for (int r = 0; r < Rows; r++)
            {
                for (int j = 0; j < Columns; j++) row[j] = random.NextSingle() * 2f - 1f;
                writer.WriteRow(row);
            }
            writer.Complete();
        }
        _corpus = NpyFile.Open(path);
        var cache = new RowNormCache();
        _norms = cache.For(_corpus);
        float[] mean = cache.For(_corpus, centred: true).Center!;
        _sae = SaeBenchmarkModels.Create(SaeWeightDType.Float32, Columns, Features);
        _renderer = new RetrievalRenderer(_corpus, cache);
        _plan = new IconPlan(_sae, "sha256:bench", mean, new EmbeddingSpace("resnet18", "ResNet18.onnx", Columns),
            [.. Enumerable.Range(0, Features).Select(f => new FeatureValue(f, 5f))], new IconOptions());
        _steered = new float[Features * Columns];
        IconBases.Steer(_sae, mean, _plan.Targets, _steered);

        // The baseline's inputs, prepared outside the measurement: unit queries, the corpus rows, 1 / row norms.
        using (Tensor queries = FromArray(_steered, Features, Columns))
            _units = queries / queries.norm(1, keepdim: true);
        var all = new float[Rows * Columns];
        _corpus.ReadRows(0, Rows, all);
        _rows = FromArray(all, Rows, Columns);
        _inverseNorms = 1f / _rows.norm(1);
    }

    private static Tensor FromArray(float[] values, int r, int c)
    {
        Tensor t = empty(r, c, ScalarType.Float32);
        values.CopyTo(MemoryMarshal.Cast<byte, float>(t.bytes));
        return t;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _units.Dispose();
        _rows.Dispose();
        _inverseNorms.Dispose();
        _sae.Dispose();
        _corpus.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "blockwise top-1 matrix product, 4,096 x 512 by 10,000 x 512 (torch mm + max)")]
    public long MatrixProductTopK()
    {
        using var scope = NewDisposeScope();
        Tensor best = full(Features, float.NegativeInfinity), bestRow = zeros(Features, ScalarType.Int64);
        for (int start = 0; start < Rows; start += BlockRows)
        {
            int n = Math.Min(BlockRows, Rows - start);
            Tensor scores = mm(_units, _rows.narrow(0, start, n).t()) * _inverseNorms.narrow(0, start, n);
            var (value, index) = scores.max(1);
            Tensor better = value > best;
            best = where(better, value, best);
            bestRow = where(better, index + start, bestRow);
        }
        return bestRow[0].item<long>();
    }

    [Benchmark(Description = "ExactRetrieval.NearestMany, top 1 (steered queries given)")]
    public RetrievalHit[][] NearestMany() => ExactRetrieval.NearestMany(_corpus, _norms, _steered, Features, new RetrievalOptions { Top = 1 });

    [Benchmark(Description = "icons stage's retrieval: FeatureIconBuilder (steer, NearestMany, set to disk)")]
    public int Builder()
    {
        var folder = new IconFolder(Path.Combine(_directory, "icons"));
        folder.Clear(); // a fresh folder each time: nothing to resume
        return new FeatureIconBuilder(folder).BuildAsync(_plan, _renderer).GetAwaiter().GetResult().Icons.Count;
    }

    [Benchmark(Description = "steering alone: 4,096 steered means (IconBases.Steer)")]
    public float[] Steer()
    {
        var destination = new float[Features * Columns];
        IconBases.Steer(_sae, _plan.Base, _plan.Targets, destination);
        return destination;
    }
}
