namespace SaeExplorer.Core.Embeddings;

/// <summary>Element types the explorer stores embeddings in (always little-endian).</summary>
public enum NpyDType
{
    Float32,
    Float16,
}

public static class NpyDTypeExtensions
{
    public static int ElementSize(this NpyDType dtype) => dtype == NpyDType.Float32 ? sizeof(float) : 2;

    /// <summary>numpy's dtype string, as written in the header's 'descr'.</summary>
    public static string Descr(this NpyDType dtype) => dtype == NpyDType.Float32 ? "<f4" : "<f2";

    public static string TypeName(this NpyDType dtype) => dtype == NpyDType.Float32 ? "float32" : "float16";
}
