using SaeExplorer.Core.Sae.Model;
using static TorchSharp.torch;

namespace SaeExplorer.Core.Sae.Training;

/// <summary>The vanilla ReLU recipe of Daujotas, "Case Study: Interpreting, Manipulating, and Controlling CLIP With Sparse
/// Autoencoders", 2024: ||x - x_hat||^2 + lambda * sum_i f_i ||W_dec[i]||, lambda warmed up linearly.
/// Decoder norms are free: the penalty carries them, so shrinking a row cannot cheat the L1 term.</summary>
internal sealed class L1Objective(TrainerOptions options, SaeConfig config) : TrainingObjective(config)
{
    public override StepLoss Loss(Tensor x, SaeParameters p, int step, DeadFeatures dead)
    {
        var l1 = options.L1Coefficient * Math.Min(1f, (step + 1f) / Math.Max(1, options.L1WarmupSteps));
        var f = SaeForward.Encode(Config, x, p.WEnc, p.BEnc, p.BDec);
        var xHat = SaeForward.Decode(f, p.WDec, p.BDec);
        var (err, mse) = SquaredError(x, xHat);
        return new StepLoss(mse + l1 * (f * p.WDec.norm(1)).sum(1).mean(), mse, err, f);
    }
}
