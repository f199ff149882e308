using Microsoft.Extensions.Logging.Abstractions;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Web.Services.Encoders;

namespace SaeExplorer.Web.Tests.Seams;

/// <summary>The shared encoder cache over the packaged ResNet18: one session per model file, asked by embedding space.</summary>
public sealed class EncoderCacheTests
{
    [Fact]
    public void OneModelFileIsOneSharedSession()
    {
        using var cache = new EncoderCache(new EncoderOptions { Device = "cpu" }, NullLogger<EncoderCache>.Instance);

        var first = cache.Configured();
        Assert.Same(first, cache.Configured());
        Assert.Equal(new EmbeddingSpace("resnet18", "ResNet18.onnx", 512, first.Space.Fingerprint), first.Space);
        Assert.Same(first, cache.For(first.Space).Encoder);
    }

    [Fact]
    public void AWorkspaceInAnotherSpaceGetsTheReasonInsteadOfAnEncoder()
    {
        using var cache = new EncoderCache(new EncoderOptions { Device = "cpu" }, NullLogger<EncoderCache>.Instance);

        var clip = cache.For(new EmbeddingSpace("clip-vit-bigg-14", "model.onnx", 1280));
        Assert.Null(clip.Encoder);
        Assert.Contains("but the configured encoder is resnet18", clip.Problem);
        Assert.Contains("no known encoder made them", cache.For(new EmbeddingSpace("shipped", "ClipRetrieval embeddings", 768)).Problem);
        Assert.Contains("no embeddings yet", cache.For(null).Problem);
    }

    [Fact]
    public void AMissingModelFileIsAPlainReasonAndIsTriedAgainOnceItExists()
    {
        var path = Path.Combine(Path.GetTempPath(), $"saex-{Guid.NewGuid():N}.onnx");
        using var cache = new EncoderCache(new EncoderOptions { Device = "cpu", ModelPath = path }, NullLogger<EncoderCache>.Instance);

        var missing = cache.For(new EmbeddingSpace("resnet18", "ResNet18.onnx", 512));
        Assert.Null(missing.Encoder);
        Assert.StartsWith("No image encoder is configured: Encoder model file not found", missing.Problem);
        Assert.Contains("Encoder:ModelPath", missing.Problem);

        File.Copy(EncoderOptions.PackagedResNet18Path, path);
        try
        {
            Assert.NotNull(cache.For(new EmbeddingSpace("resnet18", Path.GetFileName(path), 512)).Encoder);
        }
        finally
        {
            cache.Dispose();
            File.Delete(path);
        }
    }
}
