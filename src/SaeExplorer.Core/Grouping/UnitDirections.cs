using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SaeExplorer.Core.Grouping;

/// <summary>Normalises decoder rows to unit length, in place. The squared norm is summed in double in one fixed lane
/// order (so it is the same on every machine) and cannot underflow for any non-zero float row.</summary>
internal static class UnitDirections
{
    /// <summary>Scales <paramref name="row"/> to norm 1; false (row untouched) when the row is all zeros.</summary>
    /// <exception cref="ArgumentException">The row holds NaN or infinity.</exception>
    public static bool Normalise(Span<float> row, int feature)
    {
        var squares = SquaredNorm(row);
        if (!double.IsFinite(squares)) throw new ArgumentException($"decoder row of feature {feature} holds NaN or infinity");
        if (squares == 0) return false;
        TensorPrimitives.Multiply(row, (float)(1 / Math.Sqrt(squares)), row);
        return true;
    }

    private static double SquaredNorm(ReadOnlySpan<float> row)
    {
        ref var start = ref MemoryMarshal.GetReference(row);
        Vector256<double> low = default, high = default;
        var i = 0;
        for (; i + Vector256<float>.Count <= row.Length; i += Vector256<float>.Count)
        {
            var (l, h) = Vector256.Widen(Vector256.LoadUnsafe(ref start, (nuint)i));
            low = Vector256.FusedMultiplyAdd(l, l, low);
            high = Vector256.FusedMultiplyAdd(h, h, high);
        }
        var sum = 0.0;
        for (var lane = 0; lane < Vector256<double>.Count; lane++) sum += low.GetElement(lane) + high.GetElement(lane);
        for (; i < row.Length; i++) sum += (double)row[i] * row[i];
        return sum;
    }
}
