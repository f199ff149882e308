using System.IO.MemoryMappedFiles;
using System.Numerics.Tensors;

namespace SaeExplorer.Core.Embeddings;

/// <summary>
/// A read-only, memory-mapped 2-D .npy file of float32 or float16 rows. Only the pages that
/// are touched get read, so opening a multi-gigabyte file is instant. Reads are thread-safe;
/// spans from <see cref="RowSpan"/> point into the mapping and must not be used after Dispose.
/// </summary>
public sealed unsafe class NpyFile : IEmbeddingMatrix, IDisposable
{
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _data;
    private bool _disposed;

    private NpyFile(string path, NpyHeader header, DateTime lastWriteTimeUtc, MemoryMappedFile map, MemoryMappedViewAccessor view, byte* data)
    {
        Path = path;
        LastWriteTimeUtc = lastWriteTimeUtc;
        Header = header;
        _map = map;
        _view = view;
        _data = data;
    }

    public string Path { get; }

    public NpyHeader Header { get; }

    /// <summary>When the opened file was last written, read from its handle at open: with <see cref="Path"/>, what
    /// identifies the mapped data even if another file is later renamed onto the path.</summary>
    public DateTime LastWriteTimeUtc { get; }

    public long Rows => Header.Rows;

    public int Columns => Header.Columns;

    public NpyDType DType => Header.DType;

    /// <exception cref="NpyFormatException">The file is not a supported .npy array, or its data is cut short or over-long.</exception>
    public static NpyFile Open(string path)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException(".npy data is little-endian; this platform is big-endian.");
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            NpyHeader header = NpyHeader.Read(stream, out int dataOffset);
            long available = stream.Length - dataOffset;
            if (available != header.DataLength)
                throw new NpyFormatException(
                    $"{(available < header.DataLength ? "truncated body" : "unexpected trailing bytes")}: header says " +
                    $"{header.Describe()} = {header.DataLength} bytes of data, file has {available}");

            DateTime written = File.GetLastWriteTimeUtc(stream.SafeFileHandle);
            var map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            MemoryMappedViewAccessor view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* start = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
            return new NpyFile(path, header, written, map, view, start + view.PointerOffset + dataOffset);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Copies row <paramref name="row"/> into <paramref name="destination"/>, converting float16 to float.</summary>
    public void ReadRow(long row, Span<float> destination) => ReadRows(row, 1, destination);

    /// <summary>Copies <paramref name="count"/> consecutive rows, packed, into <paramref name="destination"/>.</summary>
    public void ReadRows(long start, int count, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        long values = (long)count * Columns;
        if (destination.Length < values)
            throw new ArgumentException($"Destination holds {destination.Length} floats; {count} rows need {values}.", nameof(destination));
        byte* source = RowPointer(start, count);
        if (DType == NpyDType.Float32)
            new ReadOnlySpan<float>(source, (int)values).CopyTo(destination);
        else
            TensorPrimitives.ConvertToSingle(new ReadOnlySpan<Half>(source, (int)values), destination);
    }

    /// <summary>Row <paramref name="row"/> in place, without copying. Float32 files only.</summary>
    public ReadOnlySpan<float> RowSpan(long row)
    {
        if (DType != NpyDType.Float32)
            throw new InvalidOperationException($"RowSpan needs float32 data; '{Path}' is {DType.TypeName()}. Use ReadRow.");
        return new ReadOnlySpan<float>(RowPointer(row, 1), Columns);
    }

    /// <summary>
    /// The stored bytes of <paramref name="count"/> consecutive rows (float32 or float16, per <see cref="DType"/>),
    /// in place, for kernels that read the rows without converting them first.
    /// </summary>
    public ReadOnlySpan<byte> RawRows(long start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        long bytes = count * Header.RowBytes;
        if (bytes > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(count), $"{count} rows are {bytes} bytes; read fewer rows at a time (under 2 GiB).");
        return new ReadOnlySpan<byte>(RowPointer(start, count), (int)bytes);
    }

    private byte* RowPointer(long start, int count)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (start < 0 || start > Rows - count)
            throw new ArgumentOutOfRangeException(nameof(start), $"Rows {start}..{start + count - 1} are outside 0..{Rows - 1}.");
        if ((long)count * Columns > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(count), "Read fewer rows at a time (over 2^31 values).");
        return _data + start * Header.RowBytes;
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }
}
