using System.Text;
using SaeExplorer.Core.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SaeExplorer.Core.Tests.Imaging;

public sealed class ImageLoaderTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly ImageLoader _loader = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void PngCrcMatchesTheSpecExample()
    {
        // CRC of the bare "IEND" chunk type, as found at the end of every PNG: AE 42 60 82.
        Assert.Equal(0xAE426082u, PngBytes.Crc32("IEND"u8));
    }

    [Fact]
    public void LoadsAValidPngAsRgb()
    {
        using Image<Rgb24> source = TestImages.Sunset(32);
        string path = _temp.Write("sunset.png", TestImages.Png(source));

        using Image<Rgb24> loaded = _loader.Load(path);

        Assert.Equal((32, 32), (loaded.Width, loaded.Height));
        Assert.Equal(source[5, 30], loaded[5, 30]);
    }

    [Fact]
    public void ProbeReportsHeaderFacts()
    {
        using Image<Rgb24> source = TestImages.Noise(40, 30, seed: 1);
        byte[] png = TestImages.Png(source);

        ImageInfo info = _loader.Probe(_temp.Write("noise.png", png));

        Assert.Equal(new ImageInfo(40, 30, "PNG", png.Length), info);
        Assert.Equal(0.0012, info.Megapixels);
    }

    [Fact]
    public void ZeroByteFileIsRejectedAsEmpty()
    {
        var e = Assert.Throws<ImageRejectedException>(() => _loader.Load(_temp.Write("empty.jpg", [])));
        Assert.Equal("file is empty", e.Reason);
    }

    [Fact]
    public void MissingFileIsRejected()
    {
        string path = _temp.File("nope.png");
        var e = Assert.Throws<ImageRejectedException>(() => _loader.Load(path));
        Assert.Equal("file does not exist", e.Reason);
        Assert.Equal(path, e.Origin);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void RandomBytesAreNotAnImage()
    {
        var bytes = new byte[1000];
        new Random(42).NextBytes(bytes);
        var e = Assert.Throws<ImageRejectedException>(() => _loader.Load(_temp.Write("random.bin", bytes)));
        Assert.Equal("not an image (unknown format)", e.Reason);
    }

    [Fact]
    public void TextFileIsNotAnImage()
    {
        byte[] text = Encoding.UTF8.GetBytes("id,label\n1,cat\n2,dog\n");
        var e = Assert.Throws<ImageRejectedException>(() => _loader.Load(_temp.Write("labels.png", text)));
        Assert.Equal("not an image (unknown format)", e.Reason);
    }

    [Fact]
    public void JpegCutInsideItsCompressedDataIsRejected()
    {
        using Image<Rgb24> source = TestImages.Noise(64, 64, seed: 7);
        byte[] jpeg = TestImages.Jpeg(source);
        string path = _temp.Write("cut.jpg", jpeg[..(jpeg.Length * 6 / 10)]);

        var e = Assert.Throws<ImageRejectedException>(() => _loader.Load(path));
        Assert.Equal("truncated or corrupt JPEG: file ends inside the compressed image data (no end-of-image marker)", e.Reason);
    }

    [Fact]
    public void JpegCutInsideItsHeaderIsRejected()
    {
        using Image<Rgb24> source = TestImages.Noise(64, 64, seed: 7);
        string path = _temp.Write("cut.jpg", TestImages.Jpeg(source)[..30]);

        var e = Assert.Throws<ImageRejectedException>(() => _loader.Load(path));
        Assert.StartsWith("truncated or corrupt JPEG: ", e.Reason);
    }

    [Fact]
    public void JpegWithBytesAfterTheEndMarkerLoads()
    {
        // Motion photos and some cameras append data after EOI; that is not truncation.
        using Image<Rgb24> source = TestImages.Sunset(48);
        byte[] jpeg = [.. TestImages.Jpeg(source), .. Encoding.ASCII.GetBytes("trailing vendor data")];

        using Image<Rgb24> loaded = _loader.Load(new MemoryStream(jpeg));

        Assert.Equal(48, loaded.Width);
    }

    [Fact]
    public void PngClaimingHundredMegapixelsIsRefusedBeforeDecoding()
    {
        // Only IHDR and IEND: decoding would fail, so the message proves the header check came first.
        string path = _temp.Write("huge.png", PngBytes.HeaderOnly(10000, 10000));

        var e = Assert.Throws<ImageRejectedException>(() => _loader.Load(path));
        Assert.Equal("image is 10000x10000 = 100 MP, more than the 40 MP limit", e.Reason);
        Assert.Throws<ImageRejectedException>(() => _loader.Probe(path));
    }

    [Fact]
    public void MegapixelLimitComesFromTheOptions()
    {
        var small = new ImageLoader(new ImageLimits { MaxPixels = 1000 });
        using Image<Rgb24> source = TestImages.Solid(40, 30, new Rgb24(1, 2, 3));

        var e = Assert.Throws<ImageRejectedException>(() => small.Load(new MemoryStream(TestImages.Png(source))));
        Assert.Equal("image is 40x30 = 0.0012 MP, more than the 0.001 MP limit", e.Reason);
    }

    [Fact]
    public void FileOverTheByteLimitIsRefusedBeforeReading()
    {
        var small = new ImageLoader(new ImageLimits { MaxBytes = 1000 });
        using Image<Rgb24> source = TestImages.Noise(64, 64, seed: 3);
        byte[] png = TestImages.Png(source);
        string path = _temp.Write("big.png", png);

        var e = Assert.Throws<ImageRejectedException>(() => small.Load(path));
        Assert.Equal($"file is {png.Length / 1024.0:0.#} KB, more than the 1000 bytes limit", e.Reason);
    }

    [Fact]
    public void UnseekableStreamOverTheByteLimitIsCutOff()
    {
        var small = new ImageLoader(new ImageLimits { MaxBytes = 1000 });
        using Image<Rgb24> source = TestImages.Noise(64, 64, seed: 3);
        using var stream = new ForwardOnlyStream(TestImages.Png(source));

        var e = Assert.Throws<ImageRejectedException>(() => small.Load(stream));
        Assert.Equal("data is more than the 1000 bytes limit", e.Reason);
    }

    [Fact]
    public void SeekableStreamReportsItsSize()
    {
        var small = new ImageLoader(new ImageLimits { MaxBytes = 2 * 1024 * 1024 });
        var e = Assert.Throws<ImageRejectedException>(() => small.Load(new MemoryStream(new byte[3 * 1024 * 1024 + 300 * 1024])));
        Assert.Equal("stream is 3.3 MB, more than the 2 MB limit", e.Reason);
    }

    [Theory]
    [InlineData(0, "0 bytes")]
    [InlineData(1, "1 byte")]
    [InlineData(1536, "1.5 KB")]
    [InlineData(26_528_972, "25.3 MB")]
    [InlineData(20 * 1024 * 1024, "20 MB")]
    public void ByteSizesReadNaturally(long bytes, string expected) => Assert.Equal(expected, ByteSize.Format(bytes));

    [Fact]
    public void TransparentPngIsFlattenedOntoWhite()
    {
        using var source = new Image<Rgba32>(3, 1);
        source[0, 0] = new Rgba32(255, 0, 0, 0);     // invisible red -> white
        source[1, 0] = new Rgba32(0, 0, 255, 128);   // half blue: 0*128/255 + 255*127/255 = 127.498 -> 127
        source[2, 0] = new Rgba32(0, 255, 0, 255);   // opaque green stays green

        using Image<Rgb24> loaded = _loader.Load(new MemoryStream(TestImages.Png(source)));

        Assert.Equal(new Rgb24(255, 255, 255), loaded[0, 0]);
        Assert.Equal(new Rgb24(127, 127, 255), loaded[1, 0]);
        Assert.Equal(new Rgb24(0, 255, 0), loaded[2, 0]);
    }

    [Fact]
    public void DefaultLimitsAreTwentyMegabytesAndFortyMegapixels()
    {
        Assert.Equal(20L * 1024 * 1024, ImageLimits.Default.MaxBytes);
        Assert.Equal(40_000_000, ImageLimits.Default.MaxPixels);
    }

    private sealed class ForwardOnlyStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
