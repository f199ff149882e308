namespace SaeExplorer.Core.IO;

/// <summary>A read-only, seekable window [offset, offset + length) of another stream, which it owns.</summary>
internal sealed class SubReadStream : Stream
{
    private readonly Stream _inner;
    private readonly long _offset;
    private long _position;

    public SubReadStream(Stream inner, long offset, long length)
    {
        _inner = inner;
        _offset = offset;
        Length = length;
    }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length { get; }

    public override long Position
    {
        get => _position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _position = value;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var remaining = Length - _position;
        if (remaining <= 0 || buffer.Length == 0)
            return 0;
        if (buffer.Length > remaining)
            buffer = buffer[..(int)remaining];
        _inner.Position = _offset + _position;
        var read = _inner.Read(buffer);
        _position += read;
        return read;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => Length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _inner.Dispose();
        base.Dispose(disposing);
    }
}
