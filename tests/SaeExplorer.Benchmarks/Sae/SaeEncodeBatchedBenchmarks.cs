using BenchmarkDotNet.Attributes;
using SaeExplorer.Core.Sae.Model;
using static TorchSharp.torch;

namespace SaeExplorer.Benchmarks.Sae;

/// <summary>Batched encode (256 rows) against a bare libtorch addmm of the same shapes (target >= 0.9x throughput).</summary>
[MemoryDiagnoser]
public class SaeEncodeBatchedBenchmarks
{
    private SparseAutoencoder _fp32 = null!, _fp16 = null!;
    private Tensor _x = null!, _w = null!, _b = null!;

    [GlobalSetup]
    public void Setup()
    {
        _fp32 = SaeBenchmarkModels.Create(SaeWeightDType.Float32);
        _fp16 = SaeBenchmarkModels.Create(SaeWeightDType.Float16);
        _w = _fp32.EncoderWeightsFloat32();
        _b = _fp32.EncoderBias.clone();
        _x = randn(256, SaeBenchmarkModels.DIn);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _fp32.Dispose(); _fp16.Dispose(); _x.Dispose(); _w.Dispose(); _b.Dispose();
    }

    [Benchmark(Baseline = true)]
    public long BareAddmm()
    {
        using var y = addmm(_b, _x, _w, beta: 1, alpha: 1);
        return y.shape[0];
    }

    [Benchmark]
    public long EncodeFp32()
    {
        using var f = _fp32.Encode(_x);
        return f.shape[0];
    }

    [Benchmark]
    public long EncodeFp16()
    {
        using var f = _fp16.Encode(_x);
        return f.shape[0];
    }
}
