namespace SaeExplorer.Core.Sae.Model;

/// <summary>The instruction set the batch-1 kernels (<see cref="MatVecRows"/>) run on.</summary>
internal enum KernelIsa
{
    /// <summary>No x86 SIMD (DOTNET_EnableHWIntrinsic=0, or not x86): one weight at a time.</summary>
    Scalar,
    /// <summary>AVX2 and FMA, 8 floats a vector (DOTNET_EnableAVX512=0, or CPUs without AVX-512).</summary>
    Avx2,
    /// <summary>AVX-512F, 16 floats a vector.</summary>
    Avx512,
}
