using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SaeExplorer.Core.Sae.Model;

/// <summary>How the batch-1 kernels read one weight dtype as float32: a vector for each instruction set, and one value.</summary>
internal unsafe interface IWeightFormat<T> where T : unmanaged
{
    /// <summary>16 weights from <paramref name="p"/> (AVX-512F).</summary>
    static abstract Vector512<float> Widen512(T* p);

    /// <summary>8 weights from <paramref name="p"/> (AVX2).</summary>
    static abstract Vector256<float> Widen256(T* p);

    static abstract float ToSingle(T w);
}

/// <summary>One vector width's operations, so <see cref="MatVecRows"/> writes its inner loop once for both widths.</summary>
internal unsafe interface IVectorLanes<TV> where TV : struct
{
    static abstract int Count { get; }
    static abstract TV LoadX(float* p);
    static abstract TV LoadWeights<T, TFormat>(T* p) where T : unmanaged where TFormat : struct, IWeightFormat<T>;
    static abstract TV MultiplyAdd(TV w, TV x, TV acc);
    static abstract float Sum(TV v);
}

internal readonly unsafe struct Avx512Lanes : IVectorLanes<Vector512<float>>
{
    public static int Count => Vector512<float>.Count;
    public static Vector512<float> LoadX(float* p) => Vector512.Load(p);
    public static Vector512<float> LoadWeights<T, TFormat>(T* p) where T : unmanaged where TFormat : struct, IWeightFormat<T> =>
        TFormat.Widen512(p);
    public static Vector512<float> MultiplyAdd(Vector512<float> w, Vector512<float> x, Vector512<float> acc) =>
        Avx512F.FusedMultiplyAdd(w, x, acc);
    public static float Sum(Vector512<float> v) => Vector512.Sum(v);
}

internal readonly unsafe struct Avx2Lanes : IVectorLanes<Vector256<float>>
{
    public static int Count => Vector256<float>.Count;
    public static Vector256<float> LoadX(float* p) => Vector256.Load(p);
    public static Vector256<float> LoadWeights<T, TFormat>(T* p) where T : unmanaged where TFormat : struct, IWeightFormat<T> =>
        TFormat.Widen256(p);
    public static Vector256<float> MultiplyAdd(Vector256<float> w, Vector256<float> x, Vector256<float> acc) =>
        Fma.MultiplyAdd(w, x, acc);
    public static float Sum(Vector256<float> v) => Vector256.Sum(v);
}
