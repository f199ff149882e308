using BenchmarkDotNet.Attributes;
using SaeExplorer.Core.Indexing;
using static TorchSharp.torch;

namespace SaeExplorer.Benchmarks.Indexing;

/// <summary>
/// Searching features by text at full scale: one query against 81,920 decoder rows in d = 1280
/// (<see cref="FeatureDirections.Nearest"/>: blocks of 8,192 rows, matrix-vector products, the stored inverse norms,
/// the best 12), against the bare matrix-vector product of the same rows in the same blocks as the baseline. Setting
/// up the directions (the norms, once per SAE) is measured apart. Random weights: the cost does not depend on them.
/// </summary>
[MinColumn]
public class TextSearchBenchmark
{
    private const int Features = 81_920, Dimension = 1280, Block = 8192;

    private Tensor _decoder = null!;
    private Tensor _query = null!;
    private float[] _direction = null!;
    private FeatureDirections _directions = null!;

    [GlobalSetup]
    public void Setup()
    {
        manual_seed(1);
        _decoder = randn(Features, Dimension);
        _query = randn(Dimension, 1);
        _direction = _query.data<float>().ToArray();
        _directions = FeatureDirections.Of(_decoder);
        Console.WriteLine($"// libtorch threads: {get_num_threads()}");
    }

    [Benchmark(Baseline = true, Description = "bare product 81,920 x 1280 x 1 in blocks of 8,192")]
    public float BareProduct()
    {
        using var _ = no_grad();
        var sum = 0f;
        for (var start = 0; start < Features; start += Block)
        {
            using var scope = NewDisposeScope();
            sum += _decoder.narrow(0, start, Block).mm(_query)[0, 0].item<float>();
        }
        return sum;
    }

    [Benchmark(Description = "FeatureDirections.Nearest: cosines + best 12 of 81,920")]
    public int Nearest() => _directions.Nearest(_direction, 12)[0].Feature;

    [Benchmark(Description = "FeatureDirections.Of: the inverse norms, once per SAE")]
    public int Directions() => FeatureDirections.Of(_decoder).Features;

    [GlobalCleanup]
    public void Cleanup()
    {
        _decoder.Dispose();
        _query.Dispose();
    }
}
