using BenchmarkDotNet.Attributes;
using SaeExplorer.Core.Grouping;
using SaeExplorer.Core.Sae.Model;
using SaeExplorer.Core.Tests.Grouping;

namespace SaeExplorer.Benchmarks.Grouping;

/// <summary>
/// The full iterated-grouping sweep (k 1..20, 8 restarts) of one image with 300 active features on 1280-d decoder
/// rows (12 planted groups of 3 to 60 features, overlapping, log-normal activations), against the plain d-space
/// Lloyd's reference with the same seeding as the baseline. Target: the sweep at most 15 ms on the 2-core VM.
/// </summary>
[MinColumn]
public class GroupingSweepBenchmark
{
    private const int Dimension = 1280;

    private static readonly int[] Sizes = [60, 45, 40, 35, 30, 25, 20, 15, 12, 10, 5, 3];

    private readonly GroupingOptions _options = new();
    private readonly GroupingOptions _twoThreads = new() { MaxDegreeOfParallelism = 2 };
    private PlantedClusters _data = null!;
    private SparseCode _code = null!;
    private ArrayDecoderRows _rows = null!;
    private float[] _units = null!;

    [GlobalSetup]
    public void Setup()
    {
        _data = PlantedClusters.Create(Sizes, [1, 2, 0.5, 1.5, 1, 3, 0.7, 1, 2, 1, 4, 0.3], Dimension, noise: 0.8, seed: 1);
        _code = SparseCode.FromDense(_data.Activations);
        _rows = new ArrayDecoderRows(_data.Rows);
        _units = _data.Rows.SelectMany(r => r).ToArray();
        for (var i = 0; i < _data.Rows.Length; i++) UnitDirections.Normalise(_units.AsSpan(i * Dimension, Dimension), i);
        var sweep = IteratedGrouping.Sweep(_code, _rows, _options);
        Console.WriteLine($"// {_code.Count} active features, chosen k {sweep.ChosenK} at tau {sweep.Tau}");
    }

    [Benchmark(Baseline = true, Description = "d-space Lloyd's reference, k 1..20 x 8 restarts")]
    public int DSpaceReference() => DSpaceLloydReference.Sweep(_data.Rows, _data.Activations, _options).Length;

    [Benchmark(Description = "Sweep (Gram form, default: 1 thread)")]
    public int Sweep() => IteratedGrouping.Sweep(_code, _rows, _options).ChosenK;

    [Benchmark(Description = "Sweep (Gram form, 2 threads)")]
    public int SweepTwoThreads() => IteratedGrouping.Sweep(_code, _rows, _twoThreads).ChosenK;

    [Benchmark(Description = "Gram product alone, 300 x 1280 (1 thread)")]
    public int Gram() => UnitGram.Compute(_units, _data.Rows.Length, Dimension, 1).Length;
}
