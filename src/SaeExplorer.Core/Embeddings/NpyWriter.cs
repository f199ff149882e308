using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using SaeExplorer.Core.IO;

namespace SaeExplorer.Core.Embeddings;

/// <summary>
/// Streams rows into a 2-D .npy file whose row count is not known up front. The header is
/// written first with numpy's growth padding (room for a 21-digit row count), so rewriting it
/// with the final count never moves the data. Everything goes to "&lt;path&gt;.partial" (and the ids
/// file's ".partial") until <see cref="Complete"/> renames them into place; <see cref="Dispose"/>
/// without <see cref="Complete"/> still fixes up the partial header so the rows written so far
/// can be inspected, but leaves nothing at the real path. Not thread-safe.
/// </summary>
public sealed class NpyWriter : IDisposable
{
    private const int BufferSize = 1 << 20;

    private readonly FileStream _stream;
    private readonly RowIdWriter? _ids;
    private readonly byte[] _rowBytes;
    private readonly int _headerLength;
    private bool _finished;

    private NpyWriter(string path, int columns, NpyDType dtype, bool withRowIds)
    {
        Path = path;
        Columns = columns;
        DType = dtype;
        _rowBytes = new byte[(long)columns * dtype.ElementSize()];
        _stream = AtomicFile.Create(path, BufferSize);
        try
        {
            byte[] header = HeaderFor(0);
            _headerLength = header.Length;
            _stream.Write(header);
            _ids = withRowIds ? new RowIdWriter(path) : null;
        }
        catch
        {
            _stream.Dispose();
            throw;
        }
    }

    /// <summary>The final path; data lives at <c>Path + ".partial"</c> until <see cref="Complete"/>.</summary>
    public string Path { get; }

    public int Columns { get; }

    public NpyDType DType { get; }

    /// <summary>Rows written so far.</summary>
    public long Rows { get; private set; }

    /// <summary>
    /// Starts a file of <paramref name="columns"/> columns. With <paramref name="withRowIds"/> every row
    /// must come with an id (<see cref="WriteRow(ReadOnlySpan{float}, string)"/>), stored in <see cref="RowIdMap.PathFor"/>.
    /// </summary>
    public static NpyWriter Create(string path, int columns, NpyDType dtype = NpyDType.Float32, bool withRowIds = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException(".npy files are written little-endian; this platform is big-endian.");
        return new NpyWriter(path, columns, dtype, withRowIds);
    }

    public void WriteRow(ReadOnlySpan<float> row)
    {
        if (_ids is not null)
            throw new InvalidOperationException("This writer stores row ids; use WriteRow(row, id).");
        Append(row);
    }

    public void WriteRow(ReadOnlySpan<float> row, string id)
    {
        if (_ids is null)
            throw new InvalidOperationException("This writer was created without row ids; use WriteRow(row).");
        RowIdMap.Validate(id); // before any bytes go out, so rows and ids cannot drift apart
        Append(row);
        _ids.Write(id);
    }

    /// <summary>Writes consecutive rows packed in one span (length a multiple of <see cref="Columns"/>).</summary>
    public void WriteRows(ReadOnlySpan<float> rows)
    {
        if (rows.Length % Columns != 0)
            throw new ArgumentException($"{rows.Length} values is not a whole number of {Columns}-column rows.", nameof(rows));
        for (int start = 0; start < rows.Length; start += Columns)
            WriteRow(rows.Slice(start, Columns));
    }

    /// <summary>Writes each row with its id.</summary>
    public void WriteRows(IEnumerable<(float[] Row, string Id)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        foreach ((float[] row, string id) in rows)
            WriteRow(row, id);
    }

    /// <summary>Writes the final header and renames the files into place. Further writes are refused.</summary>
    public void Complete()
    {
        Finish();
        _ids?.Complete();
        AtomicFile.Commit(Path); // last, so a visible .npy always has its ids beside it
    }

    /// <summary>Removes what an abandoned (disposed, never completed) writer left at <paramref name="path"/>'s partial files.</summary>
    public static void Discard(string path)
    {
        File.Delete(AtomicFile.PartialPathFor(path));
        File.Delete(AtomicFile.PartialPathFor(RowIdMap.PathFor(path)));
    }

    public void Dispose()
    {
        if (_finished)
            return;
        Finish();
        _ids?.Dispose();
    }

    private void Append(ReadOnlySpan<float> row)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        if (row.Length != Columns)
            throw new ArgumentException($"Row has {row.Length} values; this file has {Columns} columns.", nameof(row));
        if (DType == NpyDType.Float32)
        {
            _stream.Write(MemoryMarshal.AsBytes(row));
        }
        else
        {
            TensorPrimitives.ConvertToHalf(row, MemoryMarshal.Cast<byte, Half>(_rowBytes.AsSpan()));
            _stream.Write(_rowBytes);
        }
        Rows++;
    }

    private void Finish()
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        _finished = true;
        using (_stream)
        {
            byte[] header = HeaderFor(Rows);
            if (header.Length != _headerLength)
                throw new InvalidOperationException($"Header grew from {_headerLength} to {header.Length} bytes; data would move.");
            _stream.Flush();
            _stream.Position = 0;
            _stream.Write(header);
            _stream.Flush(flushToDisk: true);
        }
    }

    private byte[] HeaderFor(long rows) => new NpyHeader(DType, rows, Columns).Format();
}
