using SaeExplorer.Core.Sae.Model;
using static TorchSharp.torch;

namespace SaeExplorer.Core.Sae.Training;

/// <summary>
/// TopK (Gao et al. 2024, "Scaling and evaluating sparse autoencoders"; as in SAELens): loss =
/// ||x - x_hat||^2 + AuxKCoefficient * AuxK, no L1 (sparsity is k by construction). AuxK: the top k_aux
/// dead latents (k_aux = d_in / 2 unless set, scaled down by num_dead / k_aux when fewer are dead)
/// reconstruct the detached residual x - x_hat through their decoder rows, which gives dead latents a
/// gradient. Decoder rows stay unit norm: the gradient component along each row is removed before the
/// update and the rows are renormalised after it.
/// </summary>
internal sealed class TopKObjective(TrainerOptions options, SaeConfig config) : TrainingObjective(config)
{
    public override StepLoss Loss(Tensor x, SaeParameters p, int step, DeadFeatures dead)
    {
        var pre = SaeForward.PreActivations(SaeForward.Input(Config, x, p.BDec), p.WEnc, p.BEnc);
        var deadIdx = options.AuxKCoefficient > 0 ? dead.DeadIndices() : [];
        // AuxK reads the dead latents' pre-activations before the activation overwrites them.
        var deadPre = deadIdx.Length > 0 ? pre.index_select(1, DeviceIndex(deadIdx, x.device)) : null;
        var f = SaeForward.Activate(Config, pre);
        var xHat = SaeForward.Decode(f, p.WDec, p.BDec);
        var (err, mse) = SquaredError(x, xHat);
        var loss = deadPre is null ? mse : mse + options.AuxKCoefficient * AuxK(deadPre, deadIdx, (x - xHat).detach(), p.WDec);
        return new StepLoss(loss, mse, err, f);
    }

    private Tensor AuxK(Tensor deadPre, int[] deadIdx, Tensor residual, Tensor wDec)
    {
        var kAux = options.AuxK > 0 ? options.AuxK : Math.Max(1, Config.DIn / 2);
        var scale = Math.Min(1.0, deadIdx.Length / (double)kAux);
        var (values, indices) = deadPre.topk(Math.Min(kAux, deadIdx.Length), dim: -1);
        var acts = zeros_like(deadPre).scatter(-1, indices, nn.functional.relu(values));
        var residualHat = acts.mm(wDec.index_select(0, DeviceIndex(deadIdx, deadPre.device)));
        return (residualHat - residual).pow(2).sum(1).mean() * scale;
    }

    public override void BeforeUpdate(SaeParameters p)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        if (p.WDec.grad is not { } g) return;
        g.sub_((g * p.WDec).sum(1, keepdim: true) * p.WDec);
    }

    public override void AfterUpdate(SaeParameters p)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        p.WDec.div_(p.WDec.norm(1, keepdim: true).clamp_min(1e-8));
    }

    private static Tensor DeviceIndex(int[] idx, Device device) =>
        tensor(idx.Select(i => (long)i).ToArray(), ScalarType.Int64).to(device);
}
