using SaeExplorer.Core.Sae.Model;
using static TorchSharp.torch;

namespace SaeExplorer.Core.Sae.Training;

/// <summary>One step's loss and the batch tensors the trainer reports from.</summary>
/// <param name="SquaredError">||x - x_hat||^2 per row, [B].</param>
/// <param name="Activations">f, [B, d_sae].</param>
internal sealed record StepLoss(Tensor Loss, Tensor Mse, Tensor SquaredError, Tensor Activations);

/// <summary>What a training step minimises for one architecture, and the constraints it keeps on the weights.</summary>
internal abstract class TrainingObjective(SaeConfig config)
{
    protected SaeConfig Config { get; } = config;

    public static TrainingObjective For(TrainerOptions options, SaeConfig config) => config.Architecture switch
    {
        SaeArchitecture.TopK => new TopKObjective(options, config),
        _ => new L1Objective(options, config),
    };

    public abstract StepLoss Loss(Tensor x, SaeParameters p, int step, DeadFeatures dead);

    /// <summary>After backward, before Adam's update: adjust gradients.</summary>
    public virtual void BeforeUpdate(SaeParameters p) { }

    /// <summary>After Adam's update: re-impose constraints on the weights.</summary>
    public virtual void AfterUpdate(SaeParameters p) { }

    /// <summary>||x - x_hat||^2 per row and its batch mean.</summary>
    protected static (Tensor PerRow, Tensor Mean) SquaredError(Tensor x, Tensor xHat)
    {
        var err = (x - xHat).pow(2).sum(1);
        return (err, err.mean());
    }
}
