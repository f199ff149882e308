using System.Globalization;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.PixelFormats;

namespace SaeExplorer.Core.Imaging;

/// <summary>
/// Loads untrusted image files defensively: the byte size is checked before reading, the header
/// (format, dimensions, JPEG structure) before decoding, and every failure becomes an
/// <see cref="ImageRejectedException"/> with a reason a user can act on. Only the first frame
/// of animated images is decoded. Thread-safe; reuse one instance.
/// </summary>
public sealed class ImageLoader
{
    // Decoders need scratch buffers beyond the RGBA pixels (JPEG keeps per-component
    // coefficients), so allow a generous multiple of the pixel budget per allocation.
    private const int AllocatorBytesPerPixel = 16;
    private const int MinAllocatorLimitMegabytes = 64;

    private readonly Configuration _configuration;

    public ImageLoader(ImageLimits? limits = null)
    {
        Limits = limits ?? ImageLimits.Default;
        _configuration = CreateConfiguration(Limits);
    }

    public ImageLimits Limits { get; }

    /// <summary>Decodes the file at <paramref name="path"/> into opaque RGB (transparency flattened onto white).</summary>
    public Image<Rgb24> Load(string path) => Decode(ReadFile(path), path);

    /// <summary>Decodes the rest of <paramref name="stream"/>; the stream is read, not disposed.</summary>
    public Image<Rgb24> Load(Stream stream) => Decode(ReadStream(stream), "stream");

    /// <summary>Decodes bytes already in memory (e.g. read once to hash and decode them); <paramref name="source"/> names them in errors.</summary>
    public Image<Rgb24> Load(byte[] data, string source)
    {
        ArgumentNullException.ThrowIfNull(data);
        RejectIfTooLarge(data.Length, "file", source);
        return Decode(data, source);
    }

    /// <summary>The file's bytes, refused before reading when larger than the limit.</summary>
    public byte[] ReadBytes(string path) => ReadFile(path);

    /// <summary>Runs every check that precedes decoding and returns what the header says.</summary>
    public ImageInfo Probe(string path) => Inspect(ReadFile(path), path);

    /// <inheritdoc cref="Probe(string)"/>
    public ImageInfo Probe(Stream stream) => Inspect(ReadStream(stream), "stream");

    /// <inheritdoc cref="Probe(string)"/>
    public ImageInfo Probe(byte[] data, string source)
    {
        ArgumentNullException.ThrowIfNull(data);
        RejectIfTooLarge(data.Length, "file", source);
        return Inspect(data, source);
    }

    private Image<Rgb24> Decode(byte[] data, string source)
    {
        ImageInfo info = Inspect(data, source);
        try
        {
            using Image<Rgba32> decoded = Image.Load<Rgba32>(_configuration, data);
            return AlphaFlattener.OntoWhite(decoded);
        }
        catch (Exception e) when (IsDecodeFailure(e))
        {
            throw new ImageRejectedException($"truncated or corrupt {info.Format}: {e.Message}", source, e);
        }
    }

    private ImageInfo Inspect(byte[] data, string source)
    {
        if (data.Length == 0)
            throw new ImageRejectedException("file is empty", source);
        IImageFormat? format = Image.DetectFormat(_configuration, data);
        if (format is null)
            throw new ImageRejectedException("not an image (unknown format)", source);

        IImageInfo? header;
        try
        {
            header = Image.Identify(_configuration, data, out _);
        }
        catch (Exception e) when (IsDecodeFailure(e))
        {
            throw new ImageRejectedException($"truncated or corrupt {format.Name}: {e.Message}", source, e);
        }
        if (header is null || header.Width <= 0 || header.Height <= 0)
            throw new ImageRejectedException($"truncated or corrupt {format.Name}: the header gives no image size", source);

        var info = new ImageInfo(header.Width, header.Height, format.Name, data.Length);
        if (info.Pixels > Limits.MaxPixels)
            throw new ImageRejectedException(
                $"image is {info.Width}x{info.Height} = {Megapixels(info.Pixels)} MP, more than the {Megapixels(Limits.MaxPixels)} MP limit",
                source);
        if (format == JpegFormat.Instance && JpegStructure.FindProblem(data) is { } problem)
            throw new ImageRejectedException($"truncated or corrupt JPEG: {problem}", source);
        return info;
    }

    private byte[] ReadFile(string path)
    {
        try
        {
            var file = new FileInfo(path);
            if (!file.Exists)
                throw new ImageRejectedException("file does not exist", path);
            RejectIfTooLarge(file.Length, "file", path);
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return ReadBounded(stream, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImageRejectedException($"file could not be read: {e.Message}", path, e);
        }
    }

    private byte[] ReadStream(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.CanSeek)
            RejectIfTooLarge(stream.Length - stream.Position, "stream", "stream");
        return ReadBounded(stream, "stream");
    }

    // Reads at most MaxBytes + 1 bytes, so a stream that lies about (or hides) its length
    // still cannot make us buffer more than the limit.
    private byte[] ReadBounded(Stream stream, string source)
    {
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, Limits.MaxBytes + 1 - buffer.Length))) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > Limits.MaxBytes)
                throw new ImageRejectedException($"data is more than the {ByteSize.Format(Limits.MaxBytes)} limit", source);
        }
        return buffer.ToArray();
    }

    private void RejectIfTooLarge(long length, string noun, string source)
    {
        if (length > Limits.MaxBytes)
            throw new ImageRejectedException(
                $"{noun} is {ByteSize.Format(length)}, more than the {ByteSize.Format(Limits.MaxBytes)} limit", source);
    }

    // One decimal for real photos; small test limits still print something other than "0".
    private static string Megapixels(long pixels) =>
        (pixels / 1_000_000.0).ToString(pixels >= 1_000_000 ? "0.#" : "0.######", CultureInfo.InvariantCulture);

    // Corrupt input surfaces as any of these depending on the codec and where the damage is (the BMP decoder throws
    // InvalidOperationException for a size over 65535, the TIFF one for a cut-off directory).
    private static bool IsDecodeFailure(Exception e) => e is ImageFormatException or InvalidMemoryOperationException
        or EndOfStreamException or InvalidDataException or NotSupportedException or ArgumentException or IndexOutOfRangeException
        or InvalidOperationException;

    private static Configuration CreateConfiguration(ImageLimits limits)
    {
        Configuration configuration = Configuration.Default.Clone();
        long limitMegabytes = Math.Max(MinAllocatorLimitMegabytes, limits.MaxPixels * AllocatorBytesPerPixel / (1024 * 1024));
        configuration.MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions
        {
            AllocationLimitMegabytes = (int)Math.Min(int.MaxValue, limitMegabytes),
        });
        // Only the first frame is ever used; do not decode whole animations.
        configuration.ImageFormatsManager.SetDecoder(GifFormat.Instance, new GifDecoder { DecodingMode = FrameDecodingMode.First });
        configuration.ImageFormatsManager.SetDecoder(TiffFormat.Instance, new TiffDecoder { DecodingMode = FrameDecodingMode.First });
        return configuration;
    }
}
