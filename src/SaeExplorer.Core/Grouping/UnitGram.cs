using System.Runtime.Intrinsics;

namespace SaeExplorer.Core.Grouping;

/// <summary>
/// G = U U^T for n unit directions u_i (float32, row-major), as an n x n row-major double matrix: everything
/// spherical k-means needs, independent of d. The diagonal is exactly 1, the rest clamped to [-1, 1].
/// The dot products use a fixed lane layout (Vector256, fused multiply-add, a fixed reduction order), so G is
/// bit-identical on every x64 or Arm machine and for every thread count, unlike width-dependent library reductions.
/// </summary>
internal static class UnitGram
{
    /// <param name="data">n unit rows of <paramref name="dimension"/> floats, row-major.</param>
    public static double[] Compute(float[] data, int count, int dimension, int maxDegreeOfParallelism)
    {
        var gram = new double[count * count];
        // Row i against rows i.. (the upper triangle), four columns at a time to share the loads of row i.
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, i =>
        {
            var x = data.AsSpan(i * dimension, dimension);
            var j = i;
            for (; j + 4 <= count; j += 4)
                Dot4(x, data.AsSpan(j * dimension, 4 * dimension), dimension, gram.AsSpan(i * count + j, 4));
            for (; j < count; j++)
                gram[i * count + j] = Dot(x, data.AsSpan(j * dimension, dimension));
        });
        for (var i = 0; i < count; i++)
        {
            gram[i * count + i] = 1.0;
            for (var j = i + 1; j < count; j++)
            {
                // Rounding can put the cosine of near-identical directions a hair above 1, above the diagonal.
                var g = Math.Clamp(gram[i * count + j], -1.0, 1.0);
                gram[i * count + j] = g;
                gram[j * count + i] = g;
            }
        }
        return gram;
    }

    /// <summary>Dot products of <paramref name="x"/> with four consecutive rows of <paramref name="ys"/>.</summary>
    private static void Dot4(ReadOnlySpan<float> x, ReadOnlySpan<float> ys, int d, Span<double> result)
    {
        ReadOnlySpan<float> y0 = ys[..d], y1 = ys.Slice(d, d), y2 = ys.Slice(2 * d, d), y3 = ys.Slice(3 * d, d);
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
        var p = 0;
        for (; p + Vector256<float>.Count <= d; p += Vector256<float>.Count)
        {
            var xv = Vector256.Create(x.Slice(p, Vector256<float>.Count));
            a0 = Vector256.FusedMultiplyAdd(xv, Vector256.Create(y0.Slice(p, Vector256<float>.Count)), a0);
            a1 = Vector256.FusedMultiplyAdd(xv, Vector256.Create(y1.Slice(p, Vector256<float>.Count)), a1);
            a2 = Vector256.FusedMultiplyAdd(xv, Vector256.Create(y2.Slice(p, Vector256<float>.Count)), a2);
            a3 = Vector256.FusedMultiplyAdd(xv, Vector256.Create(y3.Slice(p, Vector256<float>.Count)), a3);
        }
        result[0] = Finish(a0, x, y0, p);
        result[1] = Finish(a1, x, y1, p);
        result[2] = Finish(a2, x, y2, p);
        result[3] = Finish(a3, x, y3, p);
    }

    private static double Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        Vector256<float> acc = default;
        var p = 0;
        for (; p + Vector256<float>.Count <= x.Length; p += Vector256<float>.Count)
            acc = Vector256.FusedMultiplyAdd(Vector256.Create(x.Slice(p, Vector256<float>.Count)), Vector256.Create(y.Slice(p, Vector256<float>.Count)), acc);
        return Finish(acc, x, y, p);
    }

    /// <summary>Lanes summed in lane order in double, then the tail elements after <paramref name="from"/>.</summary>
    private static double Finish(Vector256<float> lanes, ReadOnlySpan<float> x, ReadOnlySpan<float> y, int from)
    {
        var sum = 0.0;
        for (var l = 0; l < Vector256<float>.Count; l++) sum += lanes.GetElement(l);
        for (var p = from; p < x.Length; p++) sum += (double)x[p] * y[p];
        return sum;
    }
}
