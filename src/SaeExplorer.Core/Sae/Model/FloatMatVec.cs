using System.Runtime.Intrinsics;

namespace SaeExplorer.Core.Sae.Model;

/// <summary>
/// y = W x + b for a row-major float32 weight matrix W [rows, cols]: batch-1 encode with fp32 weights.
/// libtorch's addmm reads W_enc at about 1.5x the read floor at batch 1 (Benchmarks/Sae/README), so this
/// runs the <see cref="MatVecRows"/> kernel, which reads each weight once.
/// </summary>
internal static unsafe class FloatMatVec
{
    public static void Compute(float* w, int rows, int cols, ReadOnlySpan<float> x, ReadOnlySpan<float> bias,
        Span<float> y, int threads) => MatVecRows.Run<float, Fp32Weights>(w, rows, cols, x, bias, y, threads);

    private readonly struct Fp32Weights : IWeightFormat<float>
    {
        public static Vector512<float> Widen512(float* p) => Vector512.Load(p);
        public static Vector256<float> Widen256(float* p) => Vector256.Load(p);
        public static float ToSingle(float w) => w;
    }
}
