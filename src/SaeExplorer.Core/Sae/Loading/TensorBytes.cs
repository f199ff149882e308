using System.Runtime.InteropServices;
using SaeExplorer.Core.Sae.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace SaeExplorer.Core.Sae.Loading;

/// <summary>Raw safetensors tensors to and from TorchSharp tensors, byte for byte.</summary>
internal static class TensorBytes
{
    public static ScalarType TorchDType(string dtype) => dtype switch
    {
        "F32" => ScalarType.Float32,
        "F16" => ScalarType.Float16,
        "BF16" => ScalarType.BFloat16,
        _ => throw new SaeFormatException($"unsupported safetensors dtype '{dtype}'"),
    };

    public static string SafetensorsDType(ScalarType t) => t switch
    {
        ScalarType.Float32 => "F32",
        ScalarType.Float16 => "F16",
        ScalarType.BFloat16 => "BF16",
        _ => throw new SaeFormatException($"cannot write dtype {t} (supported: float32, float16, bfloat16)"),
    };

    public static Tensor ToTensor(SafetensorsTensor t)
    {
        var x = torch.empty(t.Shape, TorchDType(t.DType));
        t.Data.AsSpan().CopyTo(x.bytes);
        return x;
    }

    public static SafetensorsTensor FromTensor(string name, Tensor t)
    {
        using var c = t.contiguous();
        return new SafetensorsTensor(name, SafetensorsDType(c.dtype), c.shape.ToArray(), c.bytes.ToArray());
    }

    public static SafetensorsTensor FromFloats(string name, float[] values) =>
        new(name, "F32", [values.LongLength], MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
}
