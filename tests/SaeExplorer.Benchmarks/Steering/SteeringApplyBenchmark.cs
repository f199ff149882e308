using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using SaeExplorer.Core.Sae.Model;
using SaeExplorer.Core.Steering;
using static TorchSharp.torch;

namespace SaeExplorer.Benchmarks.Steering;

/// <summary>
/// Steering one embedding with 10 edits (sets, group scales, removals and an add from "another image", touching
/// ~40 features) on a float32 SAE of d_in 1280, d_sae 81,920 whose bias leaves ~110 features active per input (as
/// a trained one). Against the baseline of the batch-1 EncodeSparse that every steer ends with (the re-encode):
/// the edits and the sparse delta should add little to it.
/// </summary>
public class SteeringApplyBenchmark
{
    private const int DIn = 1280, DSae = 81_920;

    private SparseAutoencoder _sae = null!;
    private float[] _x = [];
    private SparseCode _code = null!;
    private EditList _edits = null!;

    [GlobalSetup]
    public void Setup()
    {
        manual_seed(5);
        using (var scope = NewDisposeScope())
            _sae = new SparseAutoencoder(new SaeConfig(SaeArchitecture.Standard, DIn, DSae) { ApplyBDecToInput = false },
                randn(DIn, DSae).div_(MathF.Sqrt(DIn)), full(DSae, -3f), randn(DSae, DIn).div_(MathF.Sqrt(DIn)), zeros(DIn));
        using var input = randn(DIn);
        _x = MemoryMarshal.Cast<byte, float>(input.bytes).ToArray();
        _code = _sae.EncodeSparse(_x);
        int[] on = _code.Indices;
        int[] Group(int start) => [.. on.Skip(start).Take(8)];
        _edits = new EditList(
        [
            new SetFeatures(on[0], 0f), new SetFeatures(on[1], 10f), new SetFeatures(DSae - 1, 20f), new SetFeatures(on[2], 30f),
            new ScaleFeatures(Group(3), 0.5f), new ScaleFeatures(Group(11), 2f), new ScaleFeatures(Group(19), 0f),
            new RemoveFeatures([.. on.Skip(27).Take(4)]), new RemoveFeatures(on[31]),
            new AddFeatures([.. Enumerable.Range(0, 8).Select(i => new FeatureValue(DSae - 100 + i, 1.5f))], "a group of another image"),
        ]);
        Console.WriteLine($"// active features: {_code.Count}");
    }

    [GlobalCleanup]
    public void Cleanup() => _sae.Dispose();

    [Benchmark(Baseline = true, Description = "EncodeSparse, batch 1 (the re-encode)")]
    public SparseCode Encode() => _sae.EncodeSparse(_x);

    [Benchmark(Description = "steer: 10 edits, delta, re-encode")]
    public SteeringResult Apply() => Steerer.Apply(_sae, _x, _code, _edits);

    [Benchmark(Description = "10 edits and delta only")]
    public float[]? EditAndDelta() => Steerer.Delta(_sae, _code, _edits.Apply(_code, DSae), _x);
}
