using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Tests.Imaging;

namespace SaeExplorer.Core.Tests.Encoders;

public sealed class EmbeddingSpaceTests : IDisposable
{
    private static readonly EmbeddingSpace ResNet = new("resnet18", "ResNet18.onnx", 512, "sha256:aaaa");
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void TheSameEncoderMatchesAndSaysNothing() =>
        Assert.Null(ResNet.MismatchWith(ResNet with { Model = "renamed.onnx" }));

    [Fact]
    public void AnUnknownFingerprintOnEitherSideStillMatchesOnPresetAndDimension() =>
        Assert.Null((ResNet with { Fingerprint = null }).MismatchWith(ResNet with { Fingerprint = "sha256:bbbb" }));

    [Fact]
    public void AnotherPresetIsRefusedNamingBothSpacesAndTheKeys()
    {
        var clip = new EmbeddingSpace("clip-vit-bigg-14", "model.onnx", 1280, "sha256:cccc");
        var problem = ResNet.MismatchWith(clip);
        Assert.Equal("This workspace's vectors are resnet18 · ResNet18.onnx · 512-d, but the configured encoder is " +
                     "clip-vit-bigg-14 · model.onnx · 1280-d. Set Encoder:Preset and Encoder:ModelPath to the workspace's model to encode images for it.",
            problem);
    }

    [Fact]
    public void AnotherModelFileOfTheSamePresetIsRefused()
    {
        var problem = ResNet.MismatchWith(ResNet with { Model = "finetuned.onnx", Fingerprint = "sha256:dddd" });
        Assert.Contains("another resnet18 model file", problem);
        Assert.Contains("sha256:aaaa", problem);
        Assert.Contains("sha256:dddd", problem);
    }

    [Fact]
    public void ShippedVectorsHaveNoEncoderAndSaySoWithWhatToDo()
    {
        var shipped = new EmbeddingSpace(EmbeddingSpace.ShippedPreset, "ClipRetrieval embeddings", 768, Normalization: "l2");
        var problem = shipped.MismatchWith(ResNet);
        Assert.StartsWith("This workspace's vectors were shipped with its corpus (ClipRetrieval embeddings, 768-d) and no known encoder made them", problem);
        Assert.Contains(EmbeddingSpace.FileName, problem);
    }

    [Fact]
    public void NormalisationMustAgree() =>
        Assert.Contains("l2-normalised", (ResNet with { Normalization = "l2" }).MismatchWith(ResNet));

    [Fact]
    public void ASpaceFileRoundTripsAndABadOneIsRefusedWithItsPath()
    {
        var path = _dir.File(EmbeddingSpace.FileName);
        ResNet.Save(path);
        Assert.Equal(ResNet, EmbeddingSpace.TryLoad(path));
        Assert.Contains("\"preset\": \"resnet18\"", File.ReadAllText(path));

        File.WriteAllText(path, "{\"preset\": \"clip-vit-bigg-14\"}");
        var e = Assert.Throws<InvalidDataException>(() => EmbeddingSpace.TryLoad(path));
        Assert.Contains(path, e.Message);
        File.WriteAllText(path, "not json");
        Assert.Throws<InvalidDataException>(() => EmbeddingSpace.TryLoad(path));
        Assert.Null(EmbeddingSpace.TryLoad(_dir.File("absent.json")));
    }

    [Fact]
    public void UnitVectorsAreDetectedAsL2NormalisedAndOthersAreNot()
    {
        Assert.Equal("l2", EmbeddingSpace.DetectNormalization([[0.6f, 0.8f], [1, 0]]));
        Assert.Equal("none", EmbeddingSpace.DetectNormalization([[0.6f, 0.8f], [2, 0]]));
        Assert.Equal("none", EmbeddingSpace.DetectNormalization([]));
    }

    [Fact]
    public void AFingerprintFollowsTheBytesNotTheName()
    {
        var a = _dir.File("a.onnx");
        var bytes = Enumerable.Range(0, 3 << 20).Select(i => (byte)(i * 7)).ToArray();
        File.WriteAllBytes(a, bytes);
        File.Copy(a, _dir.File("b.onnx"));
        Assert.Equal(ModelFingerprint.Of(a), ModelFingerprint.Of(_dir.File("b.onnx")));

        bytes[^1] ^= 1; // the tail changed
        File.WriteAllBytes(_dir.File("c.onnx"), bytes);
        Assert.NotEqual(ModelFingerprint.Of(a), ModelFingerprint.Of(_dir.File("c.onnx")));
        Assert.Matches("^sha256:[0-9a-f]{16}$", ModelFingerprint.Of(a));
    }

    [Fact]
    public void ClipSpacesAreTheClipPresetsAndShippedVectorsDeclaredAsClip()
    {
        Assert.True(new EmbeddingSpace("clip-vit-bigg-14", "model.onnx", 1280).IsClip);
        Assert.True(new EmbeddingSpace(EmbeddingSpace.ShippedPreset, "OpenCLIP ViT-bigG-14", 1280).IsClip);
        Assert.False(ResNet.IsClip);
        Assert.False(new EmbeddingSpace(EmbeddingSpace.ShippedPreset, "dinov2-base", 768).IsClip);
    }
}
