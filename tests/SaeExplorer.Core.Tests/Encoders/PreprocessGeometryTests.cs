using SaeExplorer.Core.Encoders;
using SixLabors.ImageSharp;

namespace SaeExplorer.Core.Tests.Encoders;

public class PreprocessGeometryTests
{
    [Theory]
    // ResNet: largest centred square, then resize that square to 224.
    [InlineData(300, 200, 50, 0, 200)]
    [InlineData(200, 300, 0, 50, 200)]
    [InlineData(5, 2, 1, 0, 2)]      // (5 - 2) / 2 = 1.5, floored
    [InlineData(224, 224, 0, 0, 224)]
    public void ResNetCutsTheCentredSquareFirst(int width, int height, int x, int y, int side)
    {
        PreprocessGeometry g = PreprocessGeometry.For(width, height, EncoderPresets.ResNet18);

        Assert.True(g.CropFirst);
        Assert.Equal(new Rectangle(x, y, side, side), g.Crop);
        Assert.Equal(new Size(224, 224), g.ResizeTo);
    }

    [Theory]
    // CLIP: shortest side to 224 (long side truncated like Python's int()), then centre crop (offset floored).
    [InlineData(300, 200, 336, 224, 56, 0)]
    [InlineData(200, 300, 224, 336, 0, 56)]
    [InlineData(4, 3, 298, 224, 37, 0)]     // 224 * 4 / 3 = 298.67 -> 298; (298 - 224) / 2 = 37
    [InlineData(6, 4, 336, 224, 56, 0)]
    [InlineData(1000, 1000, 224, 224, 0, 0)]
    public void ClipResizesShortestSideThenCrops(int width, int height, int resizedW, int resizedH, int x, int y)
    {
        PreprocessGeometry g = PreprocessGeometry.For(width, height, EncoderPresets.ClipVitBigG14);

        Assert.False(g.CropFirst);
        Assert.Equal(new Size(resizedW, resizedH), g.ResizeTo);
        Assert.Equal(new Rectangle(x, y, 224, 224), g.Crop);
    }
}
