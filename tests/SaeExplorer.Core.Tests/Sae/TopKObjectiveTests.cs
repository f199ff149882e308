using SaeExplorer.Core.Sae.Model;
using SaeExplorer.Core.Sae.Training;
using static TorchSharp.torch;

namespace SaeExplorer.Core.Tests.Sae;

/// <summary>
/// Hand case, d_in 2, d_sae 3, k 1, b = 0: x = [1, 2], W_enc columns [1,0], [0,1], [0.5,0.5] give pre = [1, 2, 1.5],
/// so f = [0, 2, 0]; W_dec rows [1,0], [0,1], [0.6,0.8] give x_hat = [0, 2] and ||x - x_hat||^2 = 1.
/// Features 0 and 2 are dead.
/// </summary>
public class TopKObjectiveTests
{
    private static SaeConfig Config => new(SaeArchitecture.TopK, 2, 3) { K = 1 };

    private static SaeParameters Hand() => new(
        tensor(new float[] { 1, 0, 0.5f, 0, 1, 0.5f }, [2, 3]), zeros(3), tensor(new float[] { 1, 0, 0, 1, 0.6f, 0.8f }, [3, 2]), zeros(2));

    private static Tensor X => tensor(new float[] { 1, 2 }, [1, 2]);

    private static DeadFeatures Dead() => new(3, window: 5, saved: [5, 0, 7]);

    [Fact]
    public void AuxKAddsTheDeadLatentsReconstructionOfTheResidual()
    {
        using var p = Hand();
        // k_aux = d_in / 2 = 1 of 2 dead (scale 1): latent 2 (pre 1.5) predicts 1.5 x [0.6, 0.8] = [0.9, 1.2]
        // for the residual [1, 0]: error 0.01 + 1.44 = 1.45. Loss = 1 + 0.5 x 1.45.
        var options = new TrainerOptions { Architecture = SaeArchitecture.TopK, K = 1, AuxKCoefficient = 0.5f };
        var loss = new TopKObjective(options, Config).Loss(X, p, 0, Dead());
        Assert.Equal(1.0, loss.Mse.item<float>(), 1e-6);
        Assert.Equal(1 + 0.5 * 1.45, loss.Loss.item<float>(), 1e-5);
        Assert.Equal([0f, 2f, 0f], loss.Activations.data<float>().ToArray());

        // k_aux 4 but only 2 dead: both used, scale 2/4. [1,0] + [0.9,1.2] = [1.9,1.2] vs [1,0]: 0.81 + 1.44 = 2.25.
        using var q = Hand();
        var wide = new TopKObjective(options with { AuxK = 4 }, Config).Loss(X, q, 0, Dead());
        Assert.Equal(1 + 0.5 * 0.5 * 2.25, wide.Loss.item<float>(), 1e-5);
    }

    [Fact]
    public void OnlyAuxKGivesDeadLatentsAGradient()
    {
        foreach (var coefficient in new[] { 0f, 1f / 32 })
        {
            using var p = Hand();
            var options = new TrainerOptions { Architecture = SaeArchitecture.TopK, K = 1, AuxKCoefficient = coefficient };
            new TopKObjective(options, Config).Loss(X, p, 0, Dead()).Loss.backward();
            var deadRowGrad = p.WDec.grad!.select(0, 2).abs().sum().item<float>();
            var deadEncGrad = p.WEnc.grad!.select(1, 2).abs().sum().item<float>();
            if (coefficient == 0) { Assert.Equal(0f, deadRowGrad); Assert.Equal(0f, deadEncGrad); }
            else { Assert.True(deadRowGrad > 0, $"{deadRowGrad}"); Assert.True(deadEncGrad > 0, $"{deadEncGrad}"); }
        }
    }

    [Fact]
    public void DecoderGradientLosesItsComponentAlongEachRowAndRowsAreRenormalised()
    {
        using var p = Hand();
        var objective = new TopKObjective(new TrainerOptions { Architecture = SaeArchitecture.TopK, K = 1 }, Config);
        objective.Loss(X, p, 0, Dead()).Loss.backward();
        objective.BeforeUpdate(p);
        using (no_grad())
        {
            var along = (p.WDec.grad! * p.WDec).sum(1).data<float>().ToArray();
            Assert.All(along, v => Assert.Equal(0f, v, 1e-6f));
            // Row 1 [0, 1]: d/dW_dec[1] of ||x - f1 W_dec[1]||^2 = -2 f1 (x - x_hat) = -4 x [1, 0]; nothing along [0, 1] to remove.
            Assert.Equal([-4f, 0f], p.WDec.grad!.select(0, 1).data<float>().ToArray());
            p.WDec.mul_(3);
        }
        objective.AfterUpdate(p);
        var norms = p.WDec.detach().norm(1).data<float>().ToArray();
        Assert.All(norms, n => Assert.Equal(1f, n, 1e-6f));
    }
}
