using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using SaeExplorer.Core.Labeling;
using static TorchSharp.torch;

namespace SaeExplorer.Benchmarks.Labeling;

/// <summary>
/// Decoder-direction naming's cosine step at full scale: 81,920 features x a 10,000-term vocabulary in d = 1280
/// (<see cref="DirectionCandidates.Top"/>: unit rows, block products, top 5 per feature), against the bare matrix
/// product of the same size in the same blocks of 2,048 rows (no normalising, no gather, no top-k) as the baseline.
/// Random weights: the cost does not depend on the values.
/// </summary>
[MinColumn]
[LongInProcessRun]
public class NamingBenchmark
{
    private const int Features = 81_920, Terms = 10_000, Dimension = 1280, Block = 2048;

    private Tensor _decoder = null!;
    private Tensor _termsT = null!;
    private LabelVocabulary _vocabulary = null!;
    private int[] _all = null!;

    [GlobalSetup]
    public void Setup()
    {
        manual_seed(1);
        _decoder = randn(Features, Dimension);
        var vectors = randn(Terms, Dimension);
        _termsT = vectors.t().contiguous();
        _vocabulary = new LabelVocabulary(Enumerable.Range(0, Terms).Select(t => new LabelTerm($"term{t}", TermKind.Word)).ToArray(),
            vectors.data<float>().ToArray(), Dimension);
        _all = Enumerable.Range(0, Features).ToArray();
        Console.WriteLine($"// libtorch threads: {get_num_threads()}");
    }

    [Benchmark(Baseline = true, Description = "bare product 81,920 x 1280 x 10,000 in blocks of 2,048")]
    public float BareProduct()
    {
        using var _ = no_grad();
        var sum = 0f;
        for (var start = 0; start < Features; start += Block)
        {
            using var scope = NewDisposeScope();
            sum += _decoder.narrow(0, start, Block).mm(_termsT)[0, 0].item<float>();
        }
        return sum;
    }

    [Benchmark(Description = "DirectionCandidates.Top: cosines + top 5 of 10,000 terms, 81,920 features")]
    public int Candidates() => DirectionCandidates.Top(_decoder, _all, _vocabulary, perFeature: 5, blockRows: Block).Terms[^1];

    [GlobalCleanup]
    public void Cleanup()
    {
        _decoder.Dispose();
        _termsT.Dispose();
    }
}

/// <summary>
/// One operation here takes 30 to 50 s on the 2-core VM, so --job short's seven operations per method outlast the
/// in-process toolchain's default 5-minute limit; this keeps the in-process toolchain (Program.cs says why) and only
/// raises that limit, on whatever job the command line chose.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class LongInProcessRunAttribute()
    : JobMutatorConfigBaseAttribute(new Job().WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(45), logOutput: true)));
