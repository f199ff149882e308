using BenchmarkDotNet.Attributes;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Sae.Model;
using SaeExplorer.Core.Sae.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SaeExplorer.Benchmarks.Sae;

/// <summary>Training throughput at d_in 512, batch 1024: 10 steps of <see cref="SaeTrainer"/> (vanilla ReLU + L1, or
/// TopK k = 32 with its unit-norm decoder) versus 10 bare TorchSharp steps of the vanilla recipe (same forward, loss,
/// backward, torch.optim.Adam).</summary>
[MemoryDiagnoser]
public class SaeTrainStepBenchmarks
{
    private const int DIn = 512, Batch = 1024, Steps = 10;

    [Params(8)]
    public int Expansion { get; set; }

    [Params(SaeArchitecture.Standard, SaeArchitecture.TopK)]
    public SaeArchitecture Architecture { get; set; }

    private InMemoryEmbeddingMatrix _data = null!;
    private Tensor _x = null!;

    [GlobalSetup]
    public void Setup()
    {
        var r = new Random(2);
        var rows = Batch * (Steps + 2);
        var data = new float[rows * DIn];
        for (var i = 0; i < data.Length; i++) data[i] = (float)(r.NextDouble() - 0.5);
        _data = new InMemoryEmbeddingMatrix(data, DIn);
        _x = randn(Batch, DIn);
    }

    [GlobalCleanup]
    public void Cleanup() => _x.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Steps)]
    public float BareTorchSteps()
    {
        var dSae = DIn * Expansion;
        using var scope = NewDisposeScope();
        var wEnc = nn.Parameter(randn(DIn, dSae));
        var bEnc = nn.Parameter(zeros(dSae));
        var wDec = nn.Parameter(randn(dSae, DIn));
        var bDec = nn.Parameter(zeros(DIn));
        var opt = optim.Adam([wEnc, bEnc, wDec, bDec], 1e-4);
        var last = 0f;
        for (var s = 0; s < Steps; s++)
        {
            using var inner = NewDisposeScope();
            var f = nn.functional.relu(addmm(bEnc, _x - bDec, wEnc, beta: 1, alpha: 1));
            var xHat = addmm(bDec, f, wDec, beta: 1, alpha: 1);
            var loss = (_x - xHat).pow(2).sum(1).mean() + 5f * (f * wDec.norm(1)).sum(1).mean();
            opt.zero_grad();
            loss.backward();
            opt.step();
            last = loss.item<float>();
        }
        return last;
    }

    [Benchmark(OperationsPerInvoke = Steps)]
    public int SaeTrainerSteps()
    {
        var result = new SaeTrainer(new TrainerOptions
        {
            Expansion = Expansion, BatchSize = Batch, Steps = Steps, HeldOutFraction = 0, ProgressEvery = Steps,
            Architecture = Architecture, K = 32,
        }).Train(_data);
        result.Sae.Dispose();
        return result.Steps;
    }
}
