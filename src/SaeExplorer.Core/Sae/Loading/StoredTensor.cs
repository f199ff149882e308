using static TorchSharp.torch;

namespace SaeExplorer.Core.Sae.Loading;

/// <summary>
/// A tensor in a weights file that has not been read: its name as the file gives it, dtype, shape, and a way to open its
/// bytes (C order, little-endian; the caller disposes the stream). Loading reads each one straight into its final place
/// (<see cref="StoredTensorReader"/>), so a file's weights are never held twice.
/// </summary>
public sealed record StoredTensor(string Name, ScalarType DType, long[] Shape, Func<Stream> Open)
{
    public long ElementCount => Shape.Aggregate(1L, (a, b) => checked(a * b));

    /// <summary>Bytes per element: 4 for float32, 2 for float16 and bfloat16.</summary>
    public int ElementSize => DType switch
    {
        ScalarType.Float32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 => 2,
        _ => throw new SaeFormatException($"tensor '{Name}' has dtype {DType}; SAE weights are float32, float16 or bfloat16"),
    };

    public long ByteLength => ElementCount * ElementSize;

    /// <summary>"encoder.weight [81920, 1280]", as messages name it.</summary>
    public override string ToString() => $"{Name} {WeightValidator.Shape(Shape)}";
}
