using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SaeExplorer.Core.Grouping;

/// <summary>A vectorised sum with one fixed summation order (four Vector256 lanes, then the lanes in order, then the
/// tail), so it is the same on every machine, unlike TensorPrimitives.Sum, whose order follows the vector width.</summary>
internal static class FixedOrder
{
    public static double Sum(ReadOnlySpan<double> values)
    {
        ref var start = ref MemoryMarshal.GetReference(values);
        var lanes = Vector256<double>.Zero;
        var i = 0;
        for (; i + Vector256<double>.Count <= values.Length; i += Vector256<double>.Count)
            lanes += Vector256.LoadUnsafe(ref start, (nuint)i);
        var sum = 0.0;
        for (var l = 0; l < Vector256<double>.Count; l++) sum += lanes.GetElement(l);
        for (; i < values.Length; i++) sum += values[i];
        return sum;
    }
}
