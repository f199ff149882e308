using SaeExplorer.Core.Rendering.Kandinsky;

namespace SaeExplorer.Core.Tests.Rendering;

public sealed class KandinskyEmbeddingSpaceTests
{
    [Theory]
    [InlineData("clip-vit-bigg-14", 1280)]
    [InlineData("CLIP-ViT-bigG-14", 1280)]
    public void ClipBigGIsAccepted(string preset, int dimension)
    {
        Assert.True(KandinskyEmbeddingSpace.IsSupported(preset, dimension));
        KandinskyEmbeddingSpace.EnsureSupported(preset, dimension);
    }

    [Theory]
    [InlineData("resnet18", 512)]
    [InlineData("clip-vit-bigg-14", 1024)]
    [InlineData("clip-vit-l-14", 1280)]
    public void OtherSpacesAreRefusedNamingThem(string preset, int dimension)
    {
        Assert.False(KandinskyEmbeddingSpace.IsSupported(preset, dimension));
        var e = Assert.Throws<InvalidOperationException>(() => KandinskyEmbeddingSpace.EnsureSupported(preset, dimension));
        Assert.Equal(
            $"Kandinsky 2.2 needs CLIP ViT-bigG/14 image embeddings (1280-d); this workspace's vectors are {preset} {dimension}-d",
            e.Message);
    }
}
