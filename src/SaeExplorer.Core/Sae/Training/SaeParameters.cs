using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Sae.Model;
using static TorchSharp.torch;

namespace SaeExplorer.Core.Sae.Training;

/// <summary>
/// The four trained tensors on the training device, in the trainer's layout (W_enc [d_in, d_sae], W_dec
/// [d_sae, d_in]), with gradients on. Fresh ones start as SAELens does: W_dec rows random unit vectors,
/// W_enc = W_dec^T, b_enc = 0, b_dec given (data mean or geometric median).
/// </summary>
internal sealed class SaeParameters : IDisposable
{
    public static readonly string[] Names = ["W_enc", "b_enc", "W_dec", "b_dec"];

    public Tensor WEnc { get; }
    public Tensor BEnc { get; }
    public Tensor WDec { get; }
    public Tensor BDec { get; }
    /// <summary>In <see cref="Names"/> order, the order Adam and the checkpoints use.</summary>
    public Tensor[] All { get; }

    public SaeParameters(Tensor wEnc, Tensor bEnc, Tensor wDec, Tensor bDec)
    {
        (WEnc, BEnc, WDec, BDec) = (wEnc, bEnc, wDec, bDec);
        All = [wEnc, bEnc, wDec, bDec];
        foreach (var p in All) p.requires_grad_(true);
    }

    public static SaeParameters Initial(int dIn, int dSae, int seed, Tensor bDec, Device dev)
    {
        using var _ = no_grad();
        var g = new Generator((ulong)seed);
        var wDec = randn(dSae, dIn, generator: g);
        wDec.div_(wDec.norm(1, keepdim: true));
        var wEnc = wDec.t().contiguous();
        return new SaeParameters(wEnc.to(dev), zeros(dSae).to(dev), wDec.to(dev), bDec.to(dev));
    }

    /// <summary>The weights of a checkpoint, checked against the run's architecture and size.</summary>
    public static SaeParameters FromCheckpoint(string folder, SaeConfig expected, Device dev)
    {
        using var _ = no_grad();
        using var prev = SaeLensLoader.Load(folder, new SaeLoadOptions(expected.DIn, SaeWeightDType.Float32));
        var c = prev.Config;
        if (c.DSae != expected.DSae || c.Architecture != expected.Architecture || c.K != expected.K)
            throw new ArgumentException($"checkpoint {folder} is {Describe(c)} but the training options ask for {Describe(expected)}");
        return new SaeParameters(prev.EncoderWeightsFloat32().to(dev), prev.EncoderBias.clone().to(dev),
            prev.DecoderWeights.clone().to(dev), prev.DecoderBias.clone().to(dev));
    }

    private static string Describe(SaeConfig c) =>
        $"{c.Architecture.ToString().ToLowerInvariant()}{(c.K is { } k ? $" k={k}" : "")} with d_sae={c.DSae}";

    /// <summary>A CPU copy as an inference SAE.</summary>
    public SparseAutoencoder ToSae(SaeConfig config)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        return new SparseAutoencoder(config, WEnc.detach().cpu(), BEnc.detach().cpu(), WDec.detach().cpu(), BDec.detach().cpu());
    }

    public void Dispose()
    {
        foreach (var p in All) p.Dispose();
    }
}
