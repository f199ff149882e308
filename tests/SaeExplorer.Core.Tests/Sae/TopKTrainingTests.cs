using System.Diagnostics;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Sae.Metrics;
using SaeExplorer.Core.Sae.Model;
using SaeExplorer.Core.Sae.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SaeExplorer.Core.Tests.Sae;

public class TopKTrainingTests(ITestOutputHelper output)
{
    internal static TrainerOptions TopK => TrainerTests.Recovery with
    {
        Architecture = SaeArchitecture.TopK,
        K = 3,
        L1Coefficient = 0,
        ResampleEvery = 0,
        DeadWindow = 200,
    };

    [Fact]
    public void RecoversAKnownSparseDictionaryWithExactlyKActive()
    {
        var dict = new SyntheticDictionary();
        var sw = Stopwatch.StartNew();
        var result = new SaeTrainer(TopK).Train(dict.Data,
            new Progress<TrainingProgress>(p => output.WriteLine($"{p.Step} loss {p.Loss:F4} ev {p.ExplainedVariance:F3} L0 {p.L0:F2} dead {p.DeadShare:F2}")));
        using var sae = result.Sae;
        var rows = Enumerable.Range(0, sae.DSae).Select(sae.DecoderRow).ToArray();
        var cos = dict.MeanBestCosine(rows);
        output.WriteLine($"{sw.Elapsed.TotalSeconds:F1}s cos {cos:F3} held-out {result.HeldOut!.ToJson()}");

        Assert.Equal(SaeArchitecture.TopK, sae.Config.Architecture);
        Assert.Equal(3, sae.Config.K);
        Assert.True(cos >= 0.9, $"mean best cosine {cos:F3}");
        Assert.True(result.HeldOut.ExplainedVariance >= 0.9, $"held-out EV {result.HeldOut.ExplainedVariance:F3}");
        Assert.Equal(3.0, result.HeldOut.L0, 1e-12);
        // Decoder rows stay unit norm under the TopK recipe.
        Assert.All(rows, r => Assert.Equal(1.0, Math.Sqrt(r.Sum(v => (double)v * v)), 1e-5));
    }

    [Fact]
    public void SavedTopKSaeLoadsBackWithItsKAndTheSameOutputs()
    {
        var data = new SyntheticDictionary(samples: 3000).Data;
        var result = new SaeTrainer(TopK with { Steps = 100, K = 5 }).Train(data);
        using var trained = result.Sae;
        var dir = Fixtures.TempDir();
        SaeLensSaver.Save(trained, dir);
        var cfg = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "cfg.json")))!;
        Assert.Equal("topk", (string?)cfg["architecture"]);
        Assert.Equal(5, (int?)cfg["k"]);

        using var loaded = SaeLoader.Load(dir, expectedDIn: 32);
        Assert.Equal(SaeArchitecture.TopK, loaded.Config.Architecture);
        Assert.Equal(5, loaded.Config.K);
        var x = new float[50 * 32];
        data.ReadRows(0, 50, x);
        using var xt = tensor(x, [50, 32]);
        using var fa = trained.Encode(xt);
        using var fb = loaded.Encode(xt);
        Assert.Equal(fa.data<float>().ToArray(), fb.data<float>().ToArray());
        using var ra = trained.Reconstruct(xt);
        using var rb = loaded.Reconstruct(xt);
        Assert.Equal(ra.data<float>().ToArray(), rb.data<float>().ToArray());
        Assert.All(loaded.EncodeSparse(x, 50), code => Assert.Equal(5, code.Count));
        Assert.Equal(SaeEvaluator.Evaluate(trained, data).ExplainedVariance, SaeEvaluator.Evaluate(loaded, data).ExplainedVariance);
    }

    [Fact]
    public void KLargerThanDSaeIsRejectedNamingTheKey()
    {
        var data = new SyntheticDictionary(samples: 100).Data;
        var e = Assert.Throws<ArgumentException>(() => new SaeTrainer(TopK with { K = 129 }).Train(data));
        Assert.Contains("Training:K must be between 1 and d_sae (128", e.Message);
        var zero = Assert.Throws<ArgumentException>(() => new SaeTrainer(TopK with { K = 0 }));
        Assert.Contains("Training:K", zero.Message);
        var jump = Assert.Throws<ArgumentException>(() => new SaeTrainer(TopK with { Architecture = SaeArchitecture.JumpReLU }));
        Assert.Contains("Training:Architecture must be standard or topk", jump.Message);
    }
}
