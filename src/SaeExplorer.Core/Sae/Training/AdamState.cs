using static TorchSharp.torch;

namespace SaeExplorer.Core.Sae.Training;

/// <summary>
/// Adam written out (rather than torch.optim.Adam) so that resampling can zero the moments of single
/// features and checkpoints can store the moments as plain tensors.
/// </summary>
internal sealed class AdamState : IDisposable
{
    private readonly float _beta1, _beta2, _eps;
    public Tensor[] Params { get; }
    public Tensor[] M { get; }
    public Tensor[] V { get; }
    public long Step { get; set; }

    public AdamState(Tensor[] parameters, float beta1 = 0.9f, float beta2 = 0.999f, float eps = 1e-8f)
    {
        Params = parameters;
        M = parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        V = parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        _beta1 = beta1; _beta2 = beta2; _eps = eps;
    }

    public void Update(float lr)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        Step++;
        var bc1 = 1 - Math.Pow(_beta1, Step);
        var bc2 = 1 - Math.Pow(_beta2, Step);
        var stepSize = lr * Math.Sqrt(bc2) / bc1;
        for (var i = 0; i < Params.Length; i++)
        {
            var g = Params[i].grad;
            if (g is null) continue;
            M[i].mul_(_beta1).add_(g, alpha: 1 - _beta1);
            V[i].mul_(_beta2).addcmul_(g, g, value: 1 - _beta2);
            var denom = V[i].sqrt().add_(_eps * Math.Sqrt(bc2));
            Params[i].addcdiv_(M[i], denom, value: -stepSize);
        }
    }

    public void ZeroGrad()
    {
        foreach (var p in Params) p.grad?.zero_();
    }

    public void Dispose()
    {
        foreach (var t in M.Concat(V)) t.Dispose();
    }
}
