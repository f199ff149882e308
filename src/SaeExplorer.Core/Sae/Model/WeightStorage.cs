using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace SaeExplorer.Core.Sae.Model;

/// <summary>Conversions between <see cref="SaeWeightDType"/>, torch dtypes and managed rows.</summary>
internal static class WeightStorage
{
    public static ScalarType ToTorch(this SaeWeightDType d) => d switch
    {
        SaeWeightDType.Float16 => ScalarType.Float16,
        SaeWeightDType.BFloat16 => ScalarType.BFloat16,
        _ => ScalarType.Float32,
    };

    public static SaeWeightDType FromTorch(ScalarType t) => t switch
    {
        ScalarType.Float16 => SaeWeightDType.Float16,
        ScalarType.BFloat16 => SaeWeightDType.BFloat16,
        ScalarType.Float32 => SaeWeightDType.Float32,
        _ => throw new SaeFormatException($"unsupported weight dtype {t}; expected float32, float16 or bfloat16"),
    };

    /// <summary>Copies row <paramref name="row"/> of a contiguous 2-D CPU tensor into float32.</summary>
    public static void ReadRow(Tensor t, long row, Span<float> dest)
    {
        var cols = (int)t.shape[1];
        var bytes = t.bytes;
        switch (t.dtype)
        {
            case ScalarType.Float32:
                MemoryMarshal.Cast<byte, float>(bytes).Slice((int)(row * cols), cols).CopyTo(dest);
                break;
            case ScalarType.Float16:
                TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(bytes).Slice((int)(row * cols), cols), dest);
                break;
            case ScalarType.BFloat16:
                var src = MemoryMarshal.Cast<byte, ushort>(bytes).Slice((int)(row * cols), cols);
                for (var j = 0; j < cols; j++) dest[j] = BitConverter.Int32BitsToSingle(src[j] << 16);
                break;
            default:
                throw new NotSupportedException($"dtype {t.dtype}");
        }
    }

    /// <summary>A float32 managed copy of a contiguous CPU tensor.</summary>
    public static float[] ToFloatArray(Tensor t)
    {
        using var scope = torch.NewDisposeScope();
        var f = t.to(ScalarType.Float32).contiguous();
        return MemoryMarshal.Cast<byte, float>(f.bytes).ToArray();
    }

    /// <summary>A CPU float32 tensor holding a copy of <paramref name="data"/>.</summary>
    public static Tensor FromSpan(ReadOnlySpan<float> data, params long[] shape)
    {
        var t = torch.empty(shape, ScalarType.Float32);
        data.CopyTo(MemoryMarshal.Cast<byte, float>(t.bytes));
        return t;
    }
}
