using SaeExplorer.Core.Sae.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace SaeExplorer.Core.Tests.Sae;

/// <summary>
/// The batch-1 kernels (FloatMatVec for fp32, HalfMatVec for 16-bit) against the batched libtorch path,
/// per architecture, normalisation and dtype. d_in is odd so the vector loops leave a scalar tail.
/// The AVX-512 path runs here; DOTNET_EnableAVX512=0 (AVX2) or DOTNET_EnableHWIntrinsic=0 (scalar) run the others
/// (test.sh runs all three).
/// </summary>
public class Batch1KernelTests
{
    // 157 = 9 x 16 + a 13-weight scalar tail on AVX-512, 19 x 8 + 5 on AVX2.
    private const int DIn = 157;
    // 4,100 rows over 3 threads: an uneven row split.
    private const int DSae = 4100;
    private const int Rows = 6; // above the 16-bit kernel's batch limit, so the batch takes addmm

    public static TheoryData<SaeArchitecture, SaeNormalization, bool, SaeWeightDType> Cases()
    {
        var data = new TheoryData<SaeArchitecture, SaeNormalization, bool, SaeWeightDType>();
        foreach (var d in new[] { SaeWeightDType.Float32, SaeWeightDType.Float16, SaeWeightDType.BFloat16 })
        {
            data.Add(SaeArchitecture.Standard, SaeNormalization.None, true, d);
            data.Add(SaeArchitecture.Standard, SaeNormalization.ConstantNormRescale, true, d);
            data.Add(SaeArchitecture.Standard, SaeNormalization.ExpectedAverageOnlyIn, false, d);
            data.Add(SaeArchitecture.TopK, SaeNormalization.None, true, d);
            data.Add(SaeArchitecture.TopK, SaeNormalization.ConstantNormRescale, false, d);
            data.Add(SaeArchitecture.JumpReLU, SaeNormalization.None, true, d);
            data.Add(SaeArchitecture.JumpReLU, SaeNormalization.ExpectedAverageOnlyIn, true, d);
        }
        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public void Batch1MatchesBatchedPath(SaeArchitecture arch, SaeNormalization norm, bool applyBDec, SaeWeightDType dtype)
    {
        using var g = new Generator(5);
        using var wEnc = randn(DIn, DSae, generator: g) * 0.1f;
        using var bEnc = randn(DSae, generator: g) * 0.1f;
        using var wDec = randn(DSae, DIn, generator: g) * 0.1f;
        using var bDec = randn(DIn, generator: g) * 0.1f;
        using var threshold = arch == SaeArchitecture.JumpReLU ? rand(DSae, generator: g) * 0.5f : null;
        var cfg = new SaeConfig(arch, DIn, DSae)
        {
            K = arch == SaeArchitecture.TopK ? 50 : null,
            Normalization = norm,
            NormScalingFactor = norm == SaeNormalization.ExpectedAverageOnlyIn ? 0.7f : null,
            ApplyBDecToInput = applyBDec,
            DType = dtype,
        };
        using var sae = new SparseAutoencoder(cfg, wEnc, bEnc, wDec, bDec, threshold) { KernelThreads = 3 };
        using var xb = randn(Rows, DIn, generator: g) * 2f;
        using var fb = sae.Encode(xb);
        var batched = fb.data<float>().ToArray();
        var xs = xb.data<float>().ToArray();
        for (var r = 0; r < Rows; r++)
        {
            var x = xs.AsSpan(r * DIn, DIn).ToArray();
            var expected = batched.AsSpan(r * DSae, DSae).ToArray();
            AssertRelativelyClose(expected, sae.Encode(x));
            using var x1 = tensor(x, [1, DIn]); // the tensor API's batch-1 route
            using var f1 = sae.Encode(x1);
            AssertRelativelyClose(expected, f1.data<float>().ToArray());
        }
    }

    // d_in 19 (one 16-wide vector plus a scalar tail), x = 1.5, b_dec = 0.5, so x - b_dec = 1 and
    // pre = column sums of W_enc + b_enc: feature 0 = 0 + 1 + ... + 18 = 171; feature 1 = 19 x -0.5 = -9.5;
    // feature 2 = (10 ones - 9 ones) + 0.25 = 1.25. Every partial sum is exact in float32.
    [Theory]
    [InlineData(SaeArchitecture.Standard, new[] { 171f, 0f, 1.25f })]
    [InlineData(SaeArchitecture.TopK, new[] { 171f, 0f, 0f })]        // k = 1
    [InlineData(SaeArchitecture.JumpReLU, new[] { 0f, 0f, 1.25f })]   // thresholds [171.5, 0, 1]
    public void HandComputedOddWidthCase(SaeArchitecture arch, float[] expected)
    {
        const int dIn = 19;
        var w = new float[dIn * 3];
        for (var j = 0; j < dIn; j++)
        {
            w[j * 3] = j;
            w[j * 3 + 1] = -0.5f;
            w[j * 3 + 2] = j % 2 == 0 ? 1f : -1f;
        }
        using var wEnc = tensor(w, [dIn, 3]);
        using var bEnc = tensor(new[] { 0f, 0f, 0.25f });
        using var wDec = zeros(3, dIn);
        using var bDec = full(dIn, 0.5f);
        using var threshold = arch == SaeArchitecture.JumpReLU ? tensor(new[] { 171.5f, 0f, 1f }) : null;
        var x = Enumerable.Repeat(1.5f, dIn).ToArray();
        foreach (var d in new[] { SaeWeightDType.Float32, SaeWeightDType.Float16, SaeWeightDType.BFloat16 })
        {
            var cfg = new SaeConfig(arch, dIn, 3) { K = arch == SaeArchitecture.TopK ? 1 : null, DType = d };
            using var sae = new SparseAutoencoder(cfg, wEnc, bEnc, wDec, bDec, threshold);
            Assert.Equal(expected, sae.Encode(x));
        }
    }

    /// <summary>Equal to 1e-5 of the largest activation: an absolute bound per element would be too
    /// tight for large values, a per-element relative one meaningless next to zero.</summary>
    private static void AssertRelativelyClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var scale = expected.Max(MathF.Abs);
        Assert.True(scale > 0, "all activations are zero: the case checks nothing");
        for (var i = 0; i < expected.Length; i++)
            Assert.True(MathF.Abs(expected[i] - actual[i]) <= 1e-5f * scale,
                $"feature {i}: batched {expected[i]}, batch-1 {actual[i]} (scale {scale})");
    }
}
