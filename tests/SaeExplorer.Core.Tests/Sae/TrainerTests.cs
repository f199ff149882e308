using System.Diagnostics;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Sae.Model;
using SaeExplorer.Core.Sae.Training;
using Xunit.Abstractions;

namespace SaeExplorer.Core.Tests.Sae;

public class TrainerTests(ITestOutputHelper output)
{
    internal static TrainerOptions Recovery => new()
    {
        Expansion = 4,
        L1Coefficient = 0.2f,
        LearningRate = 3e-3f,
        BatchSize = 256,
        Steps = 2000,
        WarmupSteps = 50,
        L1WarmupSteps = 200,
        DeadWindow = 300,
        ResampleEvery = 500,
        ResampleUntil = 1600,
        HeldOutFraction = 0.1,
        Seed = 5,
        ProgressEvery = 250,
    };

    [Fact]
    public void RecoversAKnownSparseDictionary()
    {
        var dict = new SyntheticDictionary();
        var sw = Stopwatch.StartNew();
        var logs = new List<string>();
        var result = new SaeTrainer(Recovery, logs.Add).Train(dict.Data,
            new Progress<TrainingProgress>(p => output.WriteLine($"{p.Step} loss {p.Loss:F4} ev {p.ExplainedVariance:F3} L0 {p.L0:F2} dead {p.DeadShare:F2}")));
        using var sae = result.Sae;
        var rows = Enumerable.Range(0, sae.DSae).Select(sae.DecoderRow).ToArray();
        var cos = dict.MeanBestCosine(rows);
        output.WriteLine($"{sw.Elapsed.TotalSeconds:F1}s cos {cos:F3} held-out {result.HeldOut!.ToJson()}");
        foreach (var l in logs) output.WriteLine(l);
        Assert.True(cos >= 0.9, $"mean best cosine {cos:F3}");
        Assert.True(result.HeldOut.ExplainedVariance >= 0.9, $"held-out EV {result.HeldOut.ExplainedVariance:F3}");
        Assert.Equal(2000, result.HeldOut.Samples);
    }
}
