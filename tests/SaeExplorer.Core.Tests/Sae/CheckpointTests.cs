using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Sae.Model;
using SaeExplorer.Core.Sae.Training;

namespace SaeExplorer.Core.Tests.Sae;

public class CheckpointTests
{
    // Dead window 50 with resampling every 100: both resampling and (for TopK) AuxK are live across the resume point.
    private static TrainerOptions Options(string dir, SaeArchitecture architecture = SaeArchitecture.Standard) => TrainerTests.Recovery with
    {
        Steps = 300,
        CheckpointEvery = 150,
        CheckpointDirectory = dir,
        ResampleEvery = 100,
        DeadWindow = 50,
        ResampleUntil = 0,
        ProgressEvery = 50,
        Architecture = architecture,
        K = 3,
    };

    [Theory]
    [InlineData(SaeArchitecture.Standard)]
    [InlineData(SaeArchitecture.TopK)]
    public void ResumeReproducesTheUninterruptedRun(SaeArchitecture architecture)
    {
        var data = new SyntheticDictionary(samples: 4000).Data;
        var dirA = Fixtures.TempDir();
        var full = new SaeTrainer(Options(dirA, architecture)).Train(data);
        using var a = full.Sae;
        var mid = Path.Combine(dirA, "step_00000150");
        Assert.True(File.Exists(Path.Combine(mid, "cfg.json")));
        Assert.True(File.Exists(Path.Combine(mid, "sae_weights.safetensors")));
        Assert.Equal(150, TrainerState.Load(mid).Step);
        Assert.Equal(Path.Combine(dirA, "step_00000300"), SaeTrainer.LatestCheckpoint(dirA));

        var dirB = Fixtures.TempDir();
        var resumed = new SaeTrainer(Options(dirB, architecture)).Resume(mid, data);
        using var b = resumed.Sae;
        // Same data order, Adam moments and dead counters: the continuation matches step for step.
        var first = resumed.History[0];
        Assert.Equal(200, first.Step);
        var reference = full.History.Single(p => p.Step == 200);
        Assert.Equal(reference.Loss, first.Loss, 1e-4);
        for (var i = 0; i < a.DSae; i += 7)
        {
            var ra = a.DecoderRow(i);
            var rb = b.DecoderRow(i);
            for (var j = 0; j < ra.Length; j++) Assert.Equal(ra[j], rb[j], 1e-4);
        }
        Assert.Equal(architecture, b.Config.Architecture);
        Assert.Equal(a.Config.K, b.Config.K);
        Assert.Equal(full.HeldOut!.ExplainedVariance, resumed.HeldOut!.ExplainedVariance, 1e-4);
    }

    [Fact]
    public void ResumingWithAnotherArchitectureOrKIsRefused()
    {
        var data = new SyntheticDictionary(samples: 2000).Data;
        var dir = Fixtures.TempDir();
        var first = new SaeTrainer(Options(dir, SaeArchitecture.TopK) with { Steps = 20 }).Train(data);
        first.Sae.Dispose();
        var e = Assert.Throws<ArgumentException>(() => new SaeTrainer(Options(dir) with { Steps = 40 }).Resume(first.LastCheckpoint!, data));
        Assert.Contains("is topk k=3 with d_sae=128 but the training options ask for standard with d_sae=128", e.Message);
        var k = Assert.Throws<ArgumentException>(() =>
            new SaeTrainer(Options(dir, SaeArchitecture.TopK) with { Steps = 40, K = 4 }).Resume(first.LastCheckpoint!, data));
        Assert.Contains("ask for topk k=4", k.Message);
    }

    [Fact]
    public void ContinuingPastTheEndKeepsLossLow()
    {
        var data = new SyntheticDictionary(samples: 4000).Data;
        var dir = Fixtures.TempDir();
        var first = new SaeTrainer(Options(dir)).Train(data);
        first.Sae.Dispose();
        var more = new SaeTrainer(Options(dir) with { Steps = 450 }).Resume(first.LastCheckpoint!, data);
        using var sae = more.Sae;
        Assert.Equal(350, more.History[0].Step);
        Assert.True(more.History[0].Loss < first.History[^1].Loss * 1.25, $"{more.History[0].Loss} vs {first.History[^1].Loss}");
        Assert.True(more.History[^1].Loss < first.History[0].Loss);
        // The checkpoint itself is a normal SAELens folder.
        using var loaded = SaeLoader.Load(first.LastCheckpoint!, expectedDIn: 32);
        Assert.Equal(128, loaded.DSae);
    }
}
