using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SaeExplorer.Core.Sae.Model;

namespace SaeExplorer.Core.Tests.Sae;

/// <summary>
/// The batch-1 kernels' reading of each weight dtype (<see cref="FloatMatVec"/>, <see cref="HalfMatVec"/>) against
/// float64 values decoded here from the bit fields. Named Batch1Kernel* so test.sh runs them on the AVX2 and scalar
/// paths too (DOTNET_EnableAVX512=0, DOTNET_EnableHWIntrinsic=0).
/// </summary>
public class Batch1KernelWeightFormatTests
{
    public enum Format { Fp32, Fp16, Bf16 }

    /// <summary>
    /// Every finite fp16 / bf16 bit pattern (subnormals, the largest values, both zeros) as a weight, read back one
    /// column at a time with a one-hot x: y[i] = W[i, j] exactly. 32 columns put every weight in a vector lane on
    /// AVX-512 and AVX2 alike, 5 every weight in the scalar tail, 37 both within a row.
    /// </summary>
    [Theory]
    [InlineData(Format.Fp16, 32)]
    [InlineData(Format.Fp16, 5)]
    [InlineData(Format.Fp16, 37)]
    [InlineData(Format.Bf16, 32)]
    [InlineData(Format.Bf16, 5)]
    [InlineData(Format.Bf16, 37)]
    public void EveryFinitePatternIsReadExactly(Format format, int cols)
    {
        var patterns = Enumerable.Range(0, 1 << 16).Select(b => (short)b).Where(b => double.IsFinite(Decode(format, b))).ToArray();
        var rows = (patterns.Length + cols - 1) / cols;
        var w = new short[rows * cols]; // the padding is +0
        patterns.CopyTo(w, 0);
        var x = new float[cols];
        var y = new float[rows];
        var wrong = new List<string>();
        for (var j = 0; j < cols; j++)
        {
            Array.Clear(x);
            x[j] = 1f;
            Compute(format, w, [], rows, cols, x, new float[rows], y, threads: 3);
            for (var i = 0; i < rows; i++)
            {
                var expected = Decode(format, w[i * cols + j]);
                if (y[i] != expected) wrong.Add($"bits 0x{(ushort)w[i * cols + j]:X4}: expected {expected:R}, read {y[i]:R}");
            }
        }
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {patterns.Length} weights read wrong, e.g. {string.Join("; ", wrong.Take(5))}");
    }

    /// <summary>
    /// Random shapes (tails of every length, row counts that do not fill the four streams) and rows of the hard cases
    /// (all subnormal, all near the largest fp16 values), against a float64 dot product. The bound is float32
    /// summation's, (cols + 8) x 2^-24 x (sum |w x| + |b|), so a row of subnormals is held to its own small scale.
    /// </summary>
    [Property(MaxTest = 60)]
    public Property DotProductsMatchFloat64() => Prop.ForAll(
        Gen.Elements(Format.Fp32, Format.Fp16, Format.Bf16).Zip(Gen.Choose(1, 40)).Zip(Gen.Choose(1, 90)).Zip(Gen.Choose(0, int.MaxValue)).ToArbitrary(),
        t =>
        {
            (((Format format, int rows), int cols), int seed) = t;
            var random = new Random(seed);
            var bits = new short[rows * cols];
            var floats = new float[rows * cols];
            var values = new double[rows * cols];
            for (var i = 0; i < rows; i++)
            {
                var kind = random.Next(4);
                for (var k = i * cols; k < (i + 1) * cols; k++)
                {
                    if (format == Format.Fp32)
                        values[k] = floats[k] = (float)(random.NextDouble() * 4 - 2) * (kind == 0 ? 1e-30f : 1f);
                    else
                        values[k] = Decode(format, bits[k] = RandomBits(format, kind, random));
                }
            }
            var x = Enumerable.Range(0, cols).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
            var bias = Enumerable.Range(0, rows).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
            var y = new float[rows];
            Compute(format, bits, floats, rows, cols, x, bias, y, threads: 2);
            for (var i = 0; i < rows; i++)
            {
                double sum = bias[i], magnitude = Math.Abs(bias[i]);
                for (var j = 0; j < cols; j++)
                {
                    var p = values[i * cols + j] * x[j];
                    sum += p;
                    magnitude += Math.Abs(p);
                }
                var bound = (cols + 8) * Math.ScaleB(1, -24) * magnitude;
                Assert.True(Math.Abs(y[i] - sum) <= bound, $"{format} [{rows}x{cols}] row {i}: expected {sum:R}, got {y[i]:R} (bound {bound:R})");
            }
        });

    [Fact]
    public void MismatchedShapesAreRejected()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            Compute(Format.Fp16, new short[6], [], 2, 3, new float[4], new float[2], new float[2], 1));
        Assert.Contains("x 4 (cols 3)", e.Message);
    }

    /// <summary>A 16-bit weight's value from its sign, exponent and mantissa fields; NaN for inf and NaN patterns,
    /// which are not weights the loaders accept.</summary>
    private static double Decode(Format format, short bits)
    {
        var (exponentBits, mantissaBits) = format == Format.Fp16 ? (5, 10) : (8, 7);
        var b = (ushort)bits;
        var bias = (1 << (exponentBits - 1)) - 1;
        var e = (b >> mantissaBits) & ((1 << exponentBits) - 1);
        var m = b & ((1 << mantissaBits) - 1);
        if (e == (1 << exponentBits) - 1) return double.NaN;
        var magnitude = e == 0
            ? Math.ScaleB(m, 1 - bias - mantissaBits)
            : Math.ScaleB(1 + Math.ScaleB(m, -mantissaBits), e - bias);
        return (b & 0x8000) != 0 ? -magnitude : magnitude;
    }

    /// <summary>Kind 0: subnormal (or zero); fp16 kind 1: from 2^10 to 65504; otherwise any finite fp16 value, or
    /// a bf16 value below 2^64, so that sums stay finite in float32.</summary>
    private static short RandomBits(Format format, int kind, Random random)
    {
        var signAndMantissa = random.Next(1 << 16) & (format == Format.Fp16 ? 0x83FF : 0x807F);
        var exponent = (format, kind) switch
        {
            (_, 0) => 0,
            (Format.Fp16, 1) => random.Next(25, 31),
            (Format.Fp16, _) => random.Next(0, 31),
            _ => random.Next(1, 191),
        };
        return (short)(signAndMantissa | exponent << (format == Format.Fp16 ? 10 : 7));
    }

    private static unsafe void Compute(Format format, short[] bits, float[] floats, int rows, int cols, float[] x, float[] bias,
        float[] y, int threads)
    {
        if (format == Format.Fp32)
            fixed (float* wp = floats) FloatMatVec.Compute(wp, rows, cols, x, bias, y, threads);
        else
            fixed (short* wp = bits) HalfMatVec.Compute(wp, rows, cols, x, bias, y, format == Format.Bf16, threads);
    }
}
