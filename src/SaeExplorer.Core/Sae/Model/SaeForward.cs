using static TorchSharp.torch;

namespace SaeExplorer.Core.Sae.Model;

/// <summary>
/// The SAE's forward pass on tensors, written once for inference (<see cref="SparseAutoencoder"/>, under
/// no_grad) and for training (the trainer, with autograd), so every architecture trains through the
/// formula it is served with: pre = (x - b_dec) W_enc + b_enc, f = act(pre), x_hat = f W_dec + b_dec,
/// with x already in the SAE's (normalised) space.
/// The activation overwrites pre, which autograd allows: addmm's backward does not need its output,
/// ReLU's needs only its result and topk's only its indices.
/// </summary>
internal static class SaeForward
{
    public static Tensor Input(SaeConfig cfg, Tensor xs, Tensor bDec) => cfg.ApplyBDecToInput ? xs - bDec : xs;

    /// <param name="xin">[B, d_in], from <see cref="Input"/>.</param>
    /// <param name="wEnc">[d_in, d_sae]; a transposed view of [d_sae, d_in] storage works without a copy.</param>
    public static Tensor PreActivations(Tensor xin, Tensor wEnc, Tensor bEnc) => addmm(bEnc, xin, wEnc, beta: 1, alpha: 1);

    public static Tensor Activate(SaeConfig cfg, Tensor pre, Tensor? threshold = null) => Activation.ApplyInPlace(cfg, pre, threshold);

    public static Tensor Encode(SaeConfig cfg, Tensor xs, Tensor wEnc, Tensor bEnc, Tensor bDec, Tensor? threshold = null) =>
        Activate(cfg, PreActivations(Input(cfg, xs, bDec), wEnc, bEnc), threshold);

    /// <param name="f">[B, d_sae]</param><param name="wDec">[d_sae, d_in]</param>
    public static Tensor Decode(Tensor f, Tensor wDec, Tensor bDec) => addmm(bDec, f, wDec, beta: 1, alpha: 1);
}
