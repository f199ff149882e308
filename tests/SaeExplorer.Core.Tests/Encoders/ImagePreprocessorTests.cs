using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Tests.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SaeExplorer.Core.Tests.Encoders;

public class ImagePreprocessorTests
{
    private const int Plane = 224 * 224;
    private const float Tolerance = 1e-5f;

    private static readonly Rgb24 Red = new(255, 0, 0);
    private static readonly Rgb24 Green = new(0, 255, 0);
    private static readonly Rgb24 Blue = new(0, 0, 255);

    [Fact]
    public void ResNetSolidImageIsBgrMinusChannelMeans()
    {
        // 2x2 upsampled to 224 stays solid (resampling weights sum to 1).
        using Image<Rgb24> image = TestImages.Solid(2, 2, new Rgb24(10, 20, 30));

        float[] tensor = new ImagePreprocessor(EncoderPresets.ResNet18).Process(image);

        Assert.Equal(3 * Plane, tensor.Length);
        AssertPlane(tensor, 0, 30 - 103.06f);  // B
        AssertPlane(tensor, 1, 20 - 115.90f);  // G
        AssertPlane(tensor, 2, 10 - 123.15f);  // R
    }

    [Fact]
    public void ClipSolidImageIsScaledAndNormalisedRgb()
    {
        using Image<Rgb24> image = TestImages.Solid(4, 3, new Rgb24(255, 0, 128));

        float[] tensor = new ImagePreprocessor(EncoderPresets.ClipVitBigG14).Process(image);

        AssertPlane(tensor, 0, 1.9303363f);   // (255/255 - 0.48145466) / 0.26862954
        AssertPlane(tensor, 1, -1.7520971f);  // (0 - 0.4578275) / 0.26130258
        AssertPlane(tensor, 2, 0.33994864f);  // (128/255 - 0.40821073) / 0.27577711
    }

    [Theory]
    [InlineData("resnet18")]
    [InlineData("clip-vit-bigg-14")]
    public void LandscapeImageKeepsOnlyItsCentre(string preset)
    {
        // 448x224: both rules take x = 112..335 with no resize, i.e. exactly the green band.
        using Image<Rgb24> image = TestImages.VerticalBands(224, (112, Red), (224, Green), (112, Blue));
        var pre = new ImagePreprocessor(EncoderPresets.Get(preset));

        using Image<Rgb24> green = TestImages.Solid(224, 224, Green);

        Assert.Equal(pre.Process(green), pre.Process(image));
    }

    [Theory]
    [InlineData("resnet18")]
    [InlineData("clip-vit-bigg-14")]
    public void PortraitImageKeepsOnlyItsCentre(string preset)
    {
        using Image<Rgb24> image = TestImages.Draw(224, 448, (_, y) => y < 112 ? Red : y < 336 ? Green : Blue);
        using Image<Rgb24> green = TestImages.Solid(224, 224, Green);
        var pre = new ImagePreprocessor(EncoderPresets.Get(preset));

        Assert.Equal(pre.Process(green), pre.Process(image));
    }

    [Fact]
    public void ClipResizesBeforeCropping()
    {
        // 6x4 -> 336x224, crop x 56..279 = source columns 1..5. Columns: red | green x4 | blue.
        using Image<Rgb24> image = TestImages.VerticalBands(4, (1, Red), (4, Green), (1, Blue));
        var pre = new ImagePreprocessor(EncoderPresets.ClipVitBigG14);

        float[] tensor = pre.Process(image);
        float greenR = (0 - 0.48145466f) / 0.26862954f, greenG = (1 - 0.4578275f) / 0.26130258f;

        // Output column 112 samples source x = 2.5: all bicubic taps (1..4) are green.
        Assert.Equal(greenR, tensor[112 * 224 + 112], Tolerance);
        Assert.Equal(greenG, tensor[Plane + 112 * 224 + 112], Tolerance);
        // Output column 0 samples source x = 0.5, half a pixel from the red column: red shows.
        Assert.True(tensor[112 * 224] > greenR + 1f);
        // Cropping before resizing would have put the red column's centre in the output instead.
        Assert.True(tensor[112 * 224] < (1 - 0.48145466f) / 0.26862954f - 0.5f);
    }

    [Fact]
    public void SecondImageOverwritesTheWholeDestination()
    {
        var pre = new ImagePreprocessor(EncoderPresets.ResNet18);
        float[] buffer = new float[2 * pre.Preset.TensorLength];
        Array.Fill(buffer, float.NaN);

        using Image<Rgb24> red = TestImages.Solid(3, 5, Red);
        pre.Process(red, buffer.AsMemory(pre.Preset.TensorLength));

        Assert.All(buffer[..pre.Preset.TensorLength], v => Assert.True(float.IsNaN(v)));
        Assert.DoesNotContain(buffer[pre.Preset.TensorLength..], float.IsNaN);
    }

    [Fact]
    public void TooSmallDestinationIsRefused()
    {
        var pre = new ImagePreprocessor(EncoderPresets.ResNet18);
        using Image<Rgb24> red = TestImages.Solid(2, 2, Red);
        Assert.Throws<ArgumentException>(() => pre.Process(red, new float[10]));
    }

    private static void AssertPlane(float[] tensor, int plane, float expected)
    {
        for (int i = plane * Plane; i < (plane + 1) * Plane; i++)
            Assert.Equal(expected, tensor[i], Tolerance);
    }
}
