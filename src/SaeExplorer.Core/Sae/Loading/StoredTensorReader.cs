using System.Buffers;
using System.Runtime.InteropServices;
using static TorchSharp.torch;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace SaeExplorer.Core.Sae.Loading;

/// <summary>
/// Reads a <see cref="StoredTensor"/> a few megabytes at a time, checking on the way that every value is finite (the
/// message names the file, the tensor and the first bad value's flat index in the file), into a tensor allocated once in
/// its final shape, transposed block by block when the file keeps the other orientation. With no destination it only
/// checks: an SAE is checked before anything is made of it without holding its weights.
/// </summary>
public static class StoredTensorReader
{
    private const int ChunkBytes = 8 << 20;

    /// <summary>A new tensor of the stored shape (or, <paramref name="transpose"/>, of a 2-D tensor's transpose) holding its values.</summary>
    public static Tensor Read(StoredTensor source, string file, bool transpose = false)
    {
        if (transpose && source.Shape.Length != 2)
            throw new SaeFormatException($"{file}: {source} is not 2-D");
        long[] shape = transpose ? [source.Shape[1], source.Shape[0]] : source.Shape;
        var tensor = empty(shape, source.DType);
        try
        {
            Stream(source, file, tensor, transpose);
            return tensor;
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }

    /// <summary>Reads every value once, keeping none: throws when the data ends early or holds NaN or infinity.</summary>
    public static void CheckFinite(StoredTensor source, string file) => Stream(source, file, null, transpose: false);

    private static void Stream(StoredTensor source, string file, Tensor? destination, bool transpose)
    {
        int size = source.ElementSize;
        long columns = source.Shape.Length == 0 ? 1 : source.Shape[^1];
        long rows = columns == 0 ? 0 : source.ElementCount / columns;
        if (columns * size > ChunkBytes && transpose)
            throw new SaeFormatException($"{file}: {source} has rows too long to transpose");
        long rowsPerChunk = Math.Max(1, ChunkBytes / Math.Max(1, columns * size));
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(ChunkBytes, Math.Max(1, rowsPerChunk * columns * size)));
        var floats = source.DType == ScalarType.Float32 ? null : ArrayPool<float>.Shared.Rent(buffer.Length / size);
        try
        {
            using var stream = source.Open();
            Span<byte> target = destination is null ? default : destination.bytes;
            for (long r0 = 0; r0 < rows;)
            {
                long n = columns * size > ChunkBytes ? 1 : Math.Min(rowsPerChunk, rows - r0);
                // A row longer than a chunk (a 1-D bias over many features) is read in chunk-sized pieces.
                long elements = n * columns;
                for (long done = 0; done < elements;)
                {
                    int count = (int)Math.Min(elements - done, buffer.Length / size);
                    var bytes = buffer.AsSpan(0, count * size);
                    if (stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false) < bytes.Length)
                        throw new SaeFormatException(
                            $"{file}: {source} ends after {(r0 * columns + done) * size} of its {source.ByteLength} bytes: the file is truncated");
                    long flat = r0 * columns + done;
                    CheckValues(bytes, source, floats, flat, file);
                    if (destination is not null && !transpose)
                        bytes.CopyTo(target.Slice(checked((int)(flat * size)), bytes.Length));
                    else if (destination is not null)
                        Transpose(bytes, size, (int)n, (int)columns, target, rows, r0);
                    done += count;
                }
                r0 += n;
            }
        }
        catch (InvalidDataException e)
        {
            // A zip entry whose local header or compressed data is damaged: the archive's directory looked sound.
            throw new SaeFormatException($"{file}: {source} cannot be read: {e.Message}", e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (floats is not null) ArrayPool<float>.Shared.Return(floats);
        }
    }

    private static void CheckValues(ReadOnlySpan<byte> bytes, StoredTensor source, float[]? floats, long flatStart, string file)
    {
        ReadOnlySpan<float> values;
        switch (source.DType)
        {
            case ScalarType.Float32:
                values = MemoryMarshal.Cast<byte, float>(bytes);
                break;
            case ScalarType.Float16:
                TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(bytes), floats);
                values = floats.AsSpan(0, bytes.Length / 2);
                break;
            default:
                var raw = MemoryMarshal.Cast<byte, ushort>(bytes);
                for (var i = 0; i < raw.Length; i++) floats![i] = BitConverter.Int32BitsToSingle(raw[i] << 16);
                values = floats.AsSpan(0, raw.Length);
                break;
        }
        for (var i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i]))
                throw new SaeFormatException($"{file}: {source} contains a non-finite value ({values[i]}) at flat index {flatStart + i}");
    }

    /// <summary>Rows [r0, r0 + n) of a [rows, columns] source into the [columns, rows] destination.</summary>
    private static void Transpose(ReadOnlySpan<byte> block, int size, int n, int columns, Span<byte> destination, long rows, long r0)
    {
        if (size == 4) Transpose(MemoryMarshal.Cast<byte, uint>(block), n, columns, MemoryMarshal.Cast<byte, uint>(destination), rows, r0);
        else Transpose(MemoryMarshal.Cast<byte, ushort>(block), n, columns, MemoryMarshal.Cast<byte, ushort>(destination), rows, r0);
    }

    private static void Transpose<T>(ReadOnlySpan<T> block, int n, int columns, Span<T> destination, long rows, long r0) where T : unmanaged
    {
        for (var j = 0; j < columns; j++)
        {
            var row = destination.Slice(checked((int)(j * rows + r0)), n);
            for (var i = 0; i < n; i++) row[i] = block[i * columns + j];
        }
    }
}
