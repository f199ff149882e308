using SaeExplorer.Core.Encoders;

namespace SaeExplorer.Core.Tests.Encoders;

public class EncoderPresetsTests
{
    [Fact]
    public void LookupIgnoresCase()
    {
        Assert.Same(EncoderPresets.ResNet18, EncoderPresets.Get("ResNet18"));
        Assert.Same(EncoderPresets.ClipVitBigG14, EncoderPresets.Get("clip-vit-bigg-14"));
    }

    [Fact]
    public void UnknownNameListsTheKnownOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => EncoderPresets.Get("vit-huge"));
        Assert.StartsWith("Unknown encoder preset 'vit-huge'. Known presets: resnet18, clip-vit-bigg-14.", e.Message);
    }

    [Fact]
    public void ResNetPresetMatchesThePackagedModel()
    {
        EncoderPreset p = EncoderPresets.ResNet18;
        Assert.Equal(("Input247", "Pooling395_Output_0", 224, 512), (p.InputName, p.OutputName, p.Size, p.OutputDimension));
        Assert.Equal(ChannelOrder.Bgr, p.ChannelOrder);
        Assert.Equal([103.06f, 115.90f, 123.15f], p.Mean);
        Assert.Null(p.Std);
        Assert.True(p.FixedBatchOne);
    }

    [Fact]
    public void OptionsOverrideTensorNames()
    {
        var options = new EncoderOptions { Preset = "clip-vit-bigg-14", InputName = "image", OutputName = "embeds" };

        EncoderPreset p = options.ResolvePreset();

        Assert.Equal(("image", "embeds", 1280), (p.InputName, p.OutputName, p.OutputDimension));
    }

    [Fact]
    public void OnlyResNetHasAPackagedModel()
    {
        Assert.Equal(EncoderOptions.PackagedResNet18Path, new EncoderOptions().ResolveModelPath());
        var e = Assert.Throws<InvalidOperationException>(() => new EncoderOptions { Preset = "clip-vit-bigg-14" }.ResolveModelPath());
        Assert.Contains("Encoder:ModelPath", e.Message);
    }

    [Fact]
    public void InvalidPresetIsRefused()
    {
        EncoderPreset broken = EncoderPresets.ClipVitBigG14 with { Std = [1f, 0f, 1f] };
        Assert.Throws<ArgumentException>(() => new ImagePreprocessor(broken));
    }
}
