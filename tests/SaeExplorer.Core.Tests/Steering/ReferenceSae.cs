using SaeExplorer.Core.Sae.Model;
using static TorchSharp.torch;

namespace SaeExplorer.Core.Tests.Steering;

/// <summary>A random standard SAE whose weights the test keeps, to decode in float64 independently of the SAE's own code.</summary>
internal sealed class ReferenceSae : IDisposable
{
    private readonly float[] _wDec; // [d_sae, d_in]
    private readonly float[] _bDec;

    private ReferenceSae(SparseAutoencoder sae, float[] wDec, float[] bDec)
    {
        Sae = sae;
        _wDec = wDec;
        _bDec = bDec;
    }

    public SparseAutoencoder Sae { get; }

    public int DIn => Sae.DIn;

    /// <param name="normalization">With expected_average_only_in the constant is 0.5.</param>
    public static ReferenceSae Create(SaeNormalization normalization, int dIn = 6, int dSae = 24, int seed = 1)
    {
        var random = new Random(seed);
        float[] Values(int n, double scale, double shift = 0) => [.. Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() * 2 - 1) * scale + shift))];
        float[] wEnc = Values(dIn * dSae, 0.5), bEnc = Values(dSae, 0.3, 0.4), wDec = Values(dSae * dIn, 0.5), bDec = Values(dIn, 0.2);
        var config = new SaeConfig(SaeArchitecture.Standard, dIn, dSae)
        {
            Normalization = normalization,
            NormScalingFactor = normalization == SaeNormalization.ExpectedAverageOnlyIn ? 0.5f : null,
        };
        using var we = tensor(wEnc, [dIn, dSae]);
        using var be = tensor(bEnc);
        using var wd = tensor(wDec, [dSae, dIn]);
        using var bd = tensor(bDec);
        return new ReferenceSae(new SparseAutoencoder(config, we, be, wd, bd), wDec, bDec);
    }

    /// <summary>W_dec[feature] as the test wrote it.</summary>
    public float[] DecoderRow(int feature) => _wDec[(feature * DIn)..((feature + 1) * DIn)];

    public float[] Input(int seed) => [.. Enumerable.Range(0, DIn).Select(j => (float)Math.Sin(seed * 7.1 + j * 1.3) * 2f)];

    /// <summary>The input multiplier s, in double.</summary>
    public double Scale(float[] x) => Sae.Config.Normalization switch
    {
        SaeNormalization.ConstantNormRescale => Math.Sqrt(DIn) / Math.Sqrt(x.Sum(v => (double)v * v)),
        SaeNormalization.ExpectedAverageOnlyIn => 0.5,
        _ => 1,
    };

    /// <summary>decode(f) = (W_dec^T f + b_dec) / s, in double.</summary>
    public double[] Decode(IReadOnlyDictionary<int, double> code, float[] x)
    {
        double s = Scale(x);
        var y = new double[DIn];
        for (int j = 0; j < DIn; j++)
        {
            double sum = _bDec[j];
            foreach ((int feature, double value) in code)
                sum += value * _wDec[feature * DIn + j];
            y[j] = sum / s;
        }
        return y;
    }

    public static Dictionary<int, double> ToDictionary(SparseCode code) =>
        code.Indices.Zip(code.Values).ToDictionary(p => p.First, p => (double)p.Second);

    public void Dispose() => Sae.Dispose();
}
