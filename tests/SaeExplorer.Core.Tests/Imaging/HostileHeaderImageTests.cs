using System.Buffers.Binary;
using SaeExplorer.Core.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Tiff;

namespace SaeExplorer.Core.Tests.Imaging;

/// <summary>
/// Files whose decoders throw InvalidOperationException (a BMP claiming more than 65535 pixels a side, a TIFF cut inside
/// its directory) are refused as images like any other broken file (found by the hostile-input generator; they once
/// escaped the loader, and an upload answered 500).
/// </summary>
public sealed class HostileHeaderImageTests
{
    private static byte[] Encode(Image image, SixLabors.ImageSharp.Formats.IImageEncoder encoder)
    {
        using var stream = new MemoryStream();
        image.Save(stream, encoder);
        return stream.ToArray();
    }

    [Theory]
    [InlineData(-6525620, 650034847)]
    [InlineData(1976401389, 1841976668)]
    public void ABmpClaimingAHugeSizeIsRefused(int width, int height)
    {
        using var picture = TestImages.Noise(20, 10, 1);
        var bmp = Encode(picture, new BmpEncoder());
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), height);
        Assert.Throws<ImageRejectedException>(() => new ImageLoader().Probe(bmp, "huge.bmp"));
    }

    [Fact]
    public void ATiffCutAnywhereIsRefusedOrLoadsNeverThrowsAnythingElse()
    {
        using var picture = TestImages.Noise(40, 30, 2);
        var tiff = Encode(picture, new TiffEncoder());
        var loader = new ImageLoader();
        for (var cut = 8; cut < tiff.Length; cut += 37)
        {
            var bytes = tiff[..cut];
            var thrown = Record.Exception(() => { using var image = loader.Load(bytes, "cut.tiff"); });
            Assert.True(thrown is null or ImageRejectedException, $"cut at {cut}: {thrown}");
        }
    }
}
