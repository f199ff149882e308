using SaeExplorer.Core.Sae.Model;
using SaeExplorer.Core.Sae.Training;

namespace SaeExplorer.Core.Tests.Sae;

/// <summary>
/// The vanilla ReLU recipe must not drift: a short seeded run (constant input scaling, resampling at
/// steps 200 and 300) compared with values printed by the trainer as it was before the TopK refactor
/// (commit 0cba6db); the refactored trainer reproduces them bit for bit on the development VM. The tolerances
/// leave room only for another BLAS's rounding: a change to the recipe moves these values far more.
/// </summary>
public class VanillaGoldenTests
{
    internal static TrainerOptions Golden => TrainerTests.Recovery with
    {
        Steps = 300,
        BatchSize = 32,
        Expansion = 16,
        ResampleEvery = 100,
        DeadWindow = 1,
        ResampleUntil = 0,
        ProgressEvery = 75,
        L1Coefficient = 4f,
        L1WarmupSteps = 50,
        Normalization = SaeNormalization.ExpectedAverageOnlyIn,
    };

    [Fact]
    public void ShortSeededRunMatchesThePreRefactorTrainer()
    {
        var data = new SyntheticDictionary(samples: 3000).Data;
        var logs = new List<string>();
        var r = new SaeTrainer(Golden, logs.Add).Train(data);
        using var sae = r.Sae;

        Assert.Equal(["SAE trainer: step 200: resampled 1 dead features", "SAE trainer: step 300: resampled 31 dead features"], logs);
        double[] loss = [401.4590759277344, 81.62913513183594, 37.761390686035156, 41.258121490478516];
        double[] l0 = [215.59375, 117.375, 54.90625, 50.125];
        Assert.Equal([75, 150, 225, 300], r.History.Select(p => p.Step));
        for (var i = 0; i < loss.Length; i++)
        {
            Assert.Equal(loss[i], r.History[i].Loss, loss[i] * 1e-4);
            Assert.Equal(l0[i], r.History[i].L0, 1e-9);
        }
        Close([0.13237427175045013f, 0.05416954308748245f, -0.14366886019706726f, -0.1081710234284401f], sae.DecoderRow(0));
        Close([0.047070298343896866f, 0.015038282610476017f, 0.04026465117931366f, -0.01934828981757164f], sae.DecoderRow(77));
        using var wEnc = sae.EncoderWeightsFloat32();
        Close([0.09533613920211792f, 0.0013773794053122401f, -0.03576438128948212f, -0.07483161985874176f], wEnc.data<float>().ToArray());
        Close([-0.22709618508815765f, -0.21514607965946198f, -0.25722604990005493f, -0.26241061091423035f], sae.EncoderBias.data<float>().ToArray());
        Close([-0.1548900157213211f, -0.5190430879592896f, 0.019638489931821823f, -0.47169461846351624f], sae.DecoderBias.data<float>().ToArray());
        Assert.Equal(3.1913946f, sae.Config.NormScalingFactor!.Value, 1e-6f);
        Assert.Equal(0.48495182302550444, r.HeldOut!.ExplainedVariance, 1e-4);
        Assert.Equal(64.69, r.HeldOut.L0, 1e-9);
        Assert.Equal(SaeArchitecture.Standard, sae.Config.Architecture);
    }

    private static void Close(float[] expected, float[] actual)
    {
        for (var j = 0; j < expected.Length; j++) Assert.Equal(expected[j], actual[j], 1e-4f);
    }
}
