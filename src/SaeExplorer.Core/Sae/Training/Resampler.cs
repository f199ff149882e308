using System.Runtime.InteropServices;
using SaeExplorer.Core.Sae.Model;
using static TorchSharp.torch;

namespace SaeExplorer.Core.Sae.Training;

/// <summary>
/// Anthropic-style resampling of dead features: score a sample of training rows by squared reconstruction
/// loss, draw rows with probability proportional to loss^2, point each dead feature's decoder row at the
/// normalised (x - b_dec), set its encoder column to that direction times 0.2 x the mean alive encoder
/// norm, zero its bias and its Adam moments. The new decoder rows are unit vectors, so TopK's unit-norm
/// constraint holds after a resample too.
/// </summary>
internal sealed class Resampler(TrainerOptions options, SaeConfig config, Action<string> log)
{
    public bool IsDue(int step) =>
        options.ResampleEvery > 0 && (step + 1) % options.ResampleEvery == 0 && (options.ResampleUntil == 0 || step < options.ResampleUntil);

    public void Resample(int step, TrainingData data, SaeParameters p, AdamState adam, DeadFeatures deadFeatures)
    {
        var dead = deadFeatures.DeadIndices();
        if (dead.Length == 0) return;
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var rng = new Random(unchecked(options.Seed * 31 + step));
        var train = data.Split.Train;
        var rows = new long[Math.Min(train.Length, options.ResampleSampleRows)];
        for (var i = 0; i < rows.Length; i++) rows[i] = train[rng.NextInt64(train.Length)];
        var x = data.Rows(rows);
        var f = SaeForward.Encode(config, x, p.WEnc, p.BEnc, p.BDec);
        var loss = (x - SaeForward.Decode(f, p.WDec, p.BDec)).pow(2).sum(1);
        var picks = DrawProportional(MemoryMarshal.Cast<byte, double>(loss.pow(2).to(ScalarType.Float64).cpu().bytes), dead.Length, rng);

        var dirs = x.index_select(0, tensor(picks, ScalarType.Int64).to(x.device)) - p.BDec;
        dirs = dirs / dirs.norm(1, keepdim: true).clamp_min(1e-8);
        var deadIdx = tensor(dead.Select(i => (long)i).ToArray(), ScalarType.Int64);
        var aliveMask = ones(deadFeatures.Count, ScalarType.Bool);
        aliveMask.index_fill_(0, deadIdx, false);
        var alive = p.WEnc.norm(0).cpu().masked_select(aliveMask);
        var scale = alive.numel() > 0 ? alive.mean().item<float>() * 0.2f : 1f;
        var deadDev = deadIdx.to(x.device);
        p.WDec.index_copy_(0, deadDev, dirs);
        p.WEnc.index_copy_(1, deadDev, (dirs * scale).t());
        p.BEnc.index_fill_(0, deadDev, 0f);
        // Moments of the touched rows/columns restart from zero: W_enc columns, b_enc and W_dec rows.
        foreach (var (m, dim) in new[] { (0, 1L), (1, 0L), (2, 0L) })
        {
            adam.M[m].index_fill_(dim, deadDev, 0f);
            adam.V[m].index_fill_(dim, deadDev, 0f);
        }
        deadFeatures.Revive(dead);
        log($"SAE trainer: step {step + 1}: resampled {dead.Length} dead features");
    }

    /// <summary>Indices drawn with probability proportional to <paramref name="weights"/>.</summary>
    private static long[] DrawProportional(ReadOnlySpan<double> weights, int count, Random rng)
    {
        var cum = new double[weights.Length];
        double acc = 0;
        for (var i = 0; i < weights.Length; i++) cum[i] = acc += weights[i];
        var picks = new long[count];
        for (var k = 0; k < count; k++)
        {
            var j = Array.BinarySearch(cum, rng.NextDouble() * acc);
            picks[k] = Math.Clamp(j < 0 ? ~j : j, 0, weights.Length - 1);
        }
        return picks;
    }
}
