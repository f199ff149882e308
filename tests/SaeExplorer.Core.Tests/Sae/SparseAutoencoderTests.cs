using SaeExplorer.Core.Sae;
using SaeExplorer.Core.Sae.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace SaeExplorer.Core.Tests.Sae;

public class SparseAutoencoderTests
{
    private static readonly float[] X = [2f, 1f];

    public static TheoryData<SaeWeightDType> DTypes => new() { SaeWeightDType.Float32, SaeWeightDType.Float16, SaeWeightDType.BFloat16 };

    private static void AssertClose(double[] expected, float[] actual, double tol = 1e-5)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], tol);
    }

    /// <summary>Checks the span path, the batch tensor path (8 equal rows: the chunked fp16 path) and the reconstruction.</summary>
    private static void Check(SparseAutoencoder sae, double[] f, double[] xHat)
    {
        AssertClose(f, sae.Encode(X));
        AssertClose(xHat, sae.Reconstruct(X));
        AssertClose(xHat, sae.Decode(sae.EncodeSparse(X), X));
        using var xb = tensor(Enumerable.Repeat(X, 8).SelectMany(v => v).ToArray(), [8, 2]);
        using var fb = sae.Encode(xb);
        using var rb = sae.Reconstruct(xb);
        var fa = fb.data<float>().ToArray();
        var ra = rb.data<float>().ToArray();
        for (var r = 0; r < 8; r++)
        {
            AssertClose(f, fa.AsSpan(r * 3, 3).ToArray());
            AssertClose(xHat, ra.AsSpan(r * 2, 2).ToArray());
        }
    }

    // x - b_dec = [1.5, 1.5]; pre = [1.5, 2, 0.5]; f = relu(pre); x_hat = f W_dec + b_dec = [2.25, 1.75]
    [Theory, MemberData(nameof(DTypes))]
    public void StandardWithBDecSubtraction(SaeWeightDType d)
    {
        using var sae = TinySae.Create(TinySae.Config() with { DType = d });
        Check(sae, [1.5, 2, 0.5], [2.25, 1.75]);
    }

    // pre = x W_enc + b_enc = [2, 1, -0.5]; f = [2, 1, 0]; x_hat = [2.5, 0.5]
    [Theory, MemberData(nameof(DTypes))]
    public void StandardWithoutBDecSubtraction(SaeWeightDType d)
    {
        using var sae = TinySae.Create(TinySae.Config() with { ApplyBDecToInput = false, DType = d });
        Check(sae, [2, 1, 0], [2.5, 0.5]);
    }

    // pre = [1.5, 2, 0.5], k = 1 keeps feature 1: f = [0, 2, 0]; x_hat = [0.5, 1.5]
    [Theory, MemberData(nameof(DTypes))]
    public void TopKKeepsLargest(SaeWeightDType d)
    {
        using var sae = TinySae.Create(TinySae.Config(SaeArchitecture.TopK) with { K = 1, DType = d });
        Check(sae, [0, 2, 0], [0.5, 1.5]);
    }

    // An identity encoder over d_sae 5 with pre-activations x = [3, -1, 2, -2, 0.5], k < d_sae in both cases:
    // k = 2 keeps 3 and 2 and drops the positive 0.5; k = 4 keeps -1 too, and ReLU zeroes it. Batch-1 and batched alike.
    [Theory]
    [InlineData(2, new float[] { 3, 0, 2, 0, 0 })]
    [InlineData(4, new float[] { 3, 0, 2, 0, 0.5f })]
    public void TopKDropsAllButTheKLargestAndAppliesReluToTheKeptOnes(int k, float[] expected)
    {
        float[] x = [3, -1, 2, -2, 0.5f];
        using var identity = eye(5);
        using var zeros5 = zeros(5);
        using var sae = new SparseAutoencoder(new SaeConfig(SaeArchitecture.TopK, 5, 5) { K = k, ApplyBDecToInput = false }, identity, zeros5, identity, zeros5);

        Assert.Equal(expected, sae.Encode(x));
        using var batch = tensor(Enumerable.Repeat(x, 3).SelectMany(v => v).ToArray(), [3, 5]);
        using var codes = sae.Encode(batch);
        var dense = codes.data<float>().ToArray();
        for (var r = 0; r < 3; r++) Assert.Equal(expected, dense.AsSpan(r * 5, 5).ToArray());
    }

    // pre = [1.5, 2, 0.5] vs threshold [1.6, 1.0, 0.4]: f = [0, 2, 0.5]; x_hat = [0.25, 2.25] + b_dec = [0.75, 1.75]
    [Theory, MemberData(nameof(DTypes))]
    public void JumpReluUsesThresholds(SaeWeightDType d)
    {
        using var sae = TinySae.Create(TinySae.Config(SaeArchitecture.JumpReLU) with { DType = d }, [1.6f, 1.0f, 0.4f]);
        Check(sae, [0, 2, 0.5], [0.75, 1.75]);
    }

    // s = sqrt(2)/||x|| = sqrt(2/5); x*s - b_dec = [0.76491106, 1.13245553];
    // f = [0.76491106, 1.26491106, 0.86754447]; x_hat = (f W_dec + b_dec) / s = [2.68585412, 1.89528471]
    [Theory, MemberData(nameof(DTypes))]
    public void ConstantNormRescale(SaeWeightDType d)
    {
        using var sae = TinySae.Create(TinySae.Config() with { Normalization = SaeNormalization.ConstantNormRescale, DType = d });
        Check(sae, [0.76491106, 1.26491106, 0.86754447], [2.68585412, 1.89528471]);
    }

    // s = 0.5: x*s - b_dec = [0.5, 1]; f = [0.5, 1, 1]; x_hat = ([1, 1.5] + b_dec) / 0.5 = [3, 2]
    [Theory, MemberData(nameof(DTypes))]
    public void ExpectedAverageOnlyIn(SaeWeightDType d)
    {
        using var sae = TinySae.Create(TinySae.Config() with
        {
            Normalization = SaeNormalization.ExpectedAverageOnlyIn,
            NormScalingFactor = 0.5f,
            DType = d,
        });
        Check(sae, [0.5, 1, 1], [3, 2]);
    }

    // TopK with normalisation: s = 0.5, pre = [0.5, 1, 1]; k = 1 keeps the first of the tie or the other;
    // use k = 2: f = [0, 1, 1] or [0.5, ...]: choose threshold-free check with k = 3 instead.
    [Fact]
    public void TopKWithExpectedAverage()
    {
        using var sae = TinySae.Create(TinySae.Config(SaeArchitecture.TopK) with
        {
            K = 3,
            Normalization = SaeNormalization.ExpectedAverageOnlyIn,
            NormScalingFactor = 0.5f,
        });
        Check(sae, [0.5, 1, 1], [3, 2]);
    }

    [Fact]
    public void HalfKernelMatchesFloat32OnRandomWeights()
    {
        // d_in 100 exercises the vector tail, d_sae 3000 the thread split.
        using var g = new Generator(7);
        using var wEnc = randn(100, 3000, generator: g) * 0.1f;
        using var bEnc = randn(3000, generator: g) * 0.1f;
        using var wDec = randn(3000, 100, generator: g) * 0.1f;
        using var bDec = randn(100, generator: g) * 0.1f;
        var cfg = new SaeConfig(SaeArchitecture.Standard, 100, 3000);
        using var ref32 = new SparseAutoencoder(cfg, wEnc.half().@float(), bEnc, wDec.half().@float(), bDec);
        using var h16 = new SparseAutoencoder(cfg with { DType = SaeWeightDType.Float16 }, wEnc, bEnc, wDec, bDec);
        using var xs = randn(100, generator: g);
        var x = xs.data<float>().ToArray();
        var a = ref32.Encode(x);
        var b = h16.Encode(x);
        for (var i = 0; i < a.Length; i++) Assert.Equal(a[i], b[i], 1e-4);
        // Large-magnitude inputs take the rescaled route of the fp16 trick.
        var big = x.Select(v => v * 1e5f).ToArray();
        var a2 = ref32.Encode(big);
        var b2 = h16.Encode(big);
        for (var i = 0; i < a2.Length; i++) Assert.Equal(a2[i], b2[i], Math.Max(0.1, Math.Abs(a2[i]) * 1e-4));
        Assert.Equal(2 * (h16.WeightBytes - 3100 * 4), ref32.WeightBytes - 3100 * 4); // 16-bit matrices take half
    }

    [Fact]
    public void RepeatedCallsDoNotLeakNativeTensors()
    {
        using var g = new Generator(3);
        using var wEnc = randn(32, 256, generator: g);
        using var bEnc = zeros(256);
        using var wDec = randn(256, 32, generator: g);
        using var bDec = zeros(32);
        using var sae = new SparseAutoencoder(new SaeConfig(SaeArchitecture.TopK, 32, 256) { K = 8 }, wEnc, bEnc, wDec, bDec);
        using var h = new SparseAutoencoder(new SaeConfig(SaeArchitecture.Standard, 32, 256) { DType = SaeWeightDType.Float16 },
            wEnc, bEnc, wDec, bDec);
        var x = Enumerable.Range(0, 32).Select(i => MathF.Sin(i)).ToArray();
        using var xt = tensor(x, [1, 32]);
        void Round()
        {
            sae.EncodeSparse(x);
            sae.Reconstruct(x);
            h.EncodeSparse(x);
            using var f = sae.Encode(xt);
            using var r = h.Reconstruct(xt);
            sae.EncodeSparse(x.Concat(x).ToArray(), 2);
        }
        Round();
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (var i = 0; i < 2000; i++) Round();
        var after = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Assert.Equal(before, after);
    }

    [Fact]
    public void InvalidConfigsAreRejected()
    {
        Assert.Throws<SaeFormatException>(() => TinySae.Create(TinySae.Config(SaeArchitecture.TopK)));
        Assert.Throws<SaeFormatException>(() => TinySae.Create(TinySae.Config(SaeArchitecture.JumpReLU)));
        var e = Assert.Throws<SaeFormatException>(() => TinySae.Create(new SaeConfig(SaeArchitecture.Standard, 3, 3)));
        Assert.Contains("W_enc", e.Message);
        Assert.Contains("[2, 3]", e.Message);
    }

    // 2^16 is past fp16's largest value (65504, and anything from 65520 up rounds to inf) but exact in bf16.
    [Theory]
    [InlineData(SaeWeightDType.Float16, 65_536f, 0f, "W_enc [2, 3]")]
    [InlineData(SaeWeightDType.Float16, 0f, -65_536f, "W_dec [3, 2]")]
    public void WeightsBeyondTheStorageRangeAreRejected(SaeWeightDType dtype, float encoderWeight, float decoderWeight, string named)
    {
        var e = Assert.Throws<SaeFormatException>(() => WithLargeWeight(dtype, encoderWeight, decoderWeight));
        Assert.Contains(named, e.Message);
        Assert.Contains("Float16", e.Message);
    }

    [Theory]
    [InlineData(SaeWeightDType.Float16, 65_504f)]
    [InlineData(SaeWeightDType.BFloat16, 65_536f)]
    public void TheLargestStorableWeightsAreKept(SaeWeightDType dtype, float weight)
    {
        using var sae = WithLargeWeight(dtype, weight, weight);
        Assert.Equal([weight, 0f, 0f], sae.Encode([1f, 0f]));
    }

    /// <summary>A 2-in, 3-feature ReLU SAE whose W_enc[0, 0] and W_dec[0, 0] are given, every other parameter zero.</summary>
    private static SparseAutoencoder WithLargeWeight(SaeWeightDType dtype, float encoderWeight, float decoderWeight)
    {
        using var wEnc = zeros(2, 3);
        using var wDec = zeros(3, 2);
        wEnc[0, 0] = encoderWeight;
        wDec[0, 0] = decoderWeight;
        using var bEnc = zeros(3);
        using var bDec = zeros(2);
        return new SparseAutoencoder(TinySae.Config() with { DType = dtype }, wEnc, bEnc, wDec, bDec);
    }
}
