using BenchmarkDotNet.Attributes;
using SaeExplorer.Core.Sae.Model;
using static TorchSharp.torch;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace SaeExplorer.Benchmarks.Sae;

/// <summary>
/// Batch-1 encode at d_in 1280, d_sae 81,920. Batch 1 is memory bound, so the baseline is the time to
/// read W_enc's fp32 bytes once (420 MB) with both cores; targets: fp32 encode &lt;= 1.15x, fp16 and bf16 &lt;= 0.65x.
/// The setup logs which instruction set the kernels run on (DOTNET_EnableAVX512=0 and friends change it).
/// </summary>
[MemoryDiagnoser]
public class SaeEncodeBatch1Benchmarks
{
    private float[] _floor = [];
    private SparseAutoencoder _fp32 = null!, _fp16 = null!, _bf16 = null!;
    private float[] _x = [];
    private Tensor _halfW = null!, _halfX = null!, _fp32W = null!;

    [GlobalSetup]
    public void Setup()
    {
        Console.WriteLine($"// batch-1 kernel ISA: {MatVecRows.Isa} (Vector512.IsHardwareAccelerated: {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated})");
        _floor = new float[(long)SaeBenchmarkModels.DIn * SaeBenchmarkModels.DSae];
        for (var i = 0; i < _floor.Length; i++) _floor[i] = (i % 7) * 0.1f;
        _fp32 = SaeBenchmarkModels.Create(SaeWeightDType.Float32);
        _fp16 = SaeBenchmarkModels.Create(SaeWeightDType.Float16);
        _bf16 = SaeBenchmarkModels.Create(SaeWeightDType.BFloat16);
        _x = SaeBenchmarkModels.Input();
        _fp32W = _fp32.EncoderWeightsFloat32();
        _halfW = _fp32W.to(ScalarType.Float16);
        _halfX = tensor(_x, [1, SaeBenchmarkModels.DIn]).to(ScalarType.Float16);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _fp32.Dispose(); _fp16.Dispose(); _bf16.Dispose(); _halfW.Dispose(); _halfX.Dispose(); _fp32W.Dispose();
    }

    /// <summary>Read floor: sum of a 420 MB float buffer, split over two threads.</summary>
    [Benchmark(Baseline = true)]
    public float ReadFloorFp32()
    {
        var half = _floor.Length / 2;
        var parts = new float[2];
        Parallel.For(0, 2, t => parts[t] = TensorPrimitives.Sum(_floor.AsSpan(t * half, half)));
        return parts[0] + parts[1];
    }

    /// <summary>libtorch's own reading speed of W_enc (a second floor).</summary>
    [Benchmark]
    public float TorchSumOfWEnc()
    {
        using var s = _fp32W.sum();
        return s.item<float>();
    }

    [Benchmark]
    public float[] EncodeFp32() => _fp32.Encode(_x);

    [Benchmark]
    public SparseCode EncodeSparseFp32() => _fp32.EncodeSparse(_x);

    [Benchmark]
    public float[] EncodeFp16() => _fp16.Encode(_x);

    [Benchmark]
    public float[] EncodeBf16() => _bf16.Encode(_x);

    /// <summary>What the obvious alternative (libtorch fp16 matmul on CPU) costs.</summary>
    [Benchmark]
    public float TorchHalfMatmul()
    {
        using var y = _halfX.matmul(_halfW);
        return y.shape[1];
    }
}
