using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SaeExplorer.Core.Grouping;

/// <summary>
/// G = U U^T for n unit directions u_i (float32, row-major), as an n x n row-major float matrix: everything
/// spherical k-means needs, independent of d. The diagonal is exactly 1, the rest clamped to [-1, 1]. Float32 holds
/// all the precision float32 directions have, and halves what every k-means pass streams through the cache.
/// Each dot product runs in one fixed lane layout (one Vector256 accumulator with fused multiply-adds over the
/// dimension in order, its lanes then summed in lane order in double, then the tail), so G is bit-identical on every
/// x64 or Arm machine and for every thread count, unlike width-dependent library reductions. Products are computed
/// in tiles of 2 rows x 4 columns (eight independent accumulators sharing six loads), which does not change any sum.
/// </summary>
internal static class UnitGram
{
    /// <param name="data">n unit rows of <paramref name="dimension"/> floats, row-major.</param>
    public static float[] Compute(float[] data, int count, int dimension, int maxDegreeOfParallelism)
    {
        var gram = new float[count * count];
        // Upper triangle, two rows at a time: rows (i, i+1) against columns j >= i.
        Parallel.For(0, (count + 1) / 2, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, pair =>
        {
            var i = 2 * pair;
            if (i + 1 == count)
            {
                for (var j = i; j < count; j++) gram[i * count + j] = Dot(data, i, j, dimension);
                return;
            }
            var j0 = i;
            for (; j0 + 4 <= count; j0 += 4) Tile(data, gram, i, j0, count, dimension);
            for (; j0 < count; j0++)
            {
                gram[i * count + j0] = Dot(data, i, j0, dimension);
                gram[(i + 1) * count + j0] = Dot(data, i + 1, j0, dimension);
            }
        });
        for (var i = 0; i < count; i++)
        {
            gram[i * count + i] = 1f;
            for (var j = i + 1; j < count; j++)
            {
                // Rounding can put the cosine of near-identical directions a hair above 1, above the diagonal.
                var g = Math.Clamp(gram[i * count + j], -1f, 1f);
                gram[i * count + j] = g;
                gram[j * count + i] = g;
            }
        }
        return gram;
    }

    /// <summary>Rows i, i+1 against rows j .. j+3.</summary>
    private static void Tile(float[] data, float[] gram, int i, int j, int count, int d)
    {
        ref var start = ref MemoryMarshal.GetArrayDataReference(data);
        ref var x0 = ref Unsafe.Add(ref start, i * d);
        ref var x1 = ref Unsafe.Add(ref x0, d);
        ref var y0 = ref Unsafe.Add(ref start, j * d);
        ref var y1 = ref Unsafe.Add(ref y0, d);
        ref var y2 = ref Unsafe.Add(ref y1, d);
        ref var y3 = ref Unsafe.Add(ref y2, d);
        Vector256<float> a00 = default, a01 = default, a02 = default, a03 = default;
        Vector256<float> a10 = default, a11 = default, a12 = default, a13 = default;
        var p = 0;
        for (; p + Vector256<float>.Count <= d; p += Vector256<float>.Count)
        {
            var offset = (nuint)p;
            var u0 = Vector256.LoadUnsafe(ref x0, offset);
            var u1 = Vector256.LoadUnsafe(ref x1, offset);
            var v = Vector256.LoadUnsafe(ref y0, offset);
            a00 = Vector256.FusedMultiplyAdd(u0, v, a00);
            a10 = Vector256.FusedMultiplyAdd(u1, v, a10);
            v = Vector256.LoadUnsafe(ref y1, offset);
            a01 = Vector256.FusedMultiplyAdd(u0, v, a01);
            a11 = Vector256.FusedMultiplyAdd(u1, v, a11);
            v = Vector256.LoadUnsafe(ref y2, offset);
            a02 = Vector256.FusedMultiplyAdd(u0, v, a02);
            a12 = Vector256.FusedMultiplyAdd(u1, v, a12);
            v = Vector256.LoadUnsafe(ref y3, offset);
            a03 = Vector256.FusedMultiplyAdd(u0, v, a03);
            a13 = Vector256.FusedMultiplyAdd(u1, v, a13);
        }
        var row0 = gram.AsSpan(i * count + j, 4);
        var row1 = gram.AsSpan((i + 1) * count + j, 4);
        row0[0] = Finish(a00, data, i, j, d, p); row0[1] = Finish(a01, data, i, j + 1, d, p);
        row0[2] = Finish(a02, data, i, j + 2, d, p); row0[3] = Finish(a03, data, i, j + 3, d, p);
        row1[0] = Finish(a10, data, i + 1, j, d, p); row1[1] = Finish(a11, data, i + 1, j + 1, d, p);
        row1[2] = Finish(a12, data, i + 1, j + 2, d, p); row1[3] = Finish(a13, data, i + 1, j + 3, d, p);
    }

    private static float Dot(float[] data, int i, int j, int d)
    {
        ref var x = ref data[i * d];
        ref var y = ref data[j * d];
        Vector256<float> acc = default;
        var p = 0;
        for (; p + Vector256<float>.Count <= d; p += Vector256<float>.Count)
            acc = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref x, (nuint)p), Vector256.LoadUnsafe(ref y, (nuint)p), acc);
        return Finish(acc, data, i, j, d, p);
    }

    /// <summary>Lanes summed in lane order in double, then the tail elements from <paramref name="from"/> on.</summary>
    private static float Finish(Vector256<float> lanes, float[] data, int i, int j, int d, int from)
    {
        var sum = 0.0;
        for (var l = 0; l < Vector256<float>.Count; l++) sum += lanes.GetElement(l);
        for (var p = from; p < d; p++) sum += (double)data[i * d + p] * data[j * d + p];
        return (float)sum;
    }
}
