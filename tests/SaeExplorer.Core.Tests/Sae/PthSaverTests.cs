using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Sae.Model;
using SaeExplorer.Core.Tests.Imaging;
using static TorchSharp.torch;

namespace SaeExplorer.Core.Tests.Sae;

public class PthSaverTests
{
    [Fact]
    public void APthWrittenHereLoadsBackAsTheSameSae()
    {
        using var dir = new TempDirectory();
        using var sae = TinySae.Create(TinySae.Config() with { ApplyBDecToInput = false });
        string path = dir.File("sae.pth");
        PthSaver.Save(sae, path);

        Assert.Equal(SaeFormat.Pth, SaeLoader.Detect(path));
        using var loaded = SaeLoader.Load(path);
        Assert.Equal((2, 3, false), (loaded.DIn, loaded.DSae, loaded.Config.ApplyBDecToInput));
        Assert.Equal(Values(sae.EncoderWeightsFloat32()), Values(loaded.EncoderWeightsFloat32()));
        Assert.Equal(Values(sae.DecoderWeights), Values(loaded.DecoderWeights));
        Assert.Equal(Values(sae.EncoderBias), Values(loaded.EncoderBias));
        Assert.Equal(Values(sae.DecoderBias), Values(loaded.DecoderBias));
        // x = [1, 2]: f = relu(W_enc^T x + b_enc) = relu([1, 4, 1] + [0, -1, 0.5]) = [1, 3, 1.5].
        Assert.Equal(new[] { 1f, 3f, 1.5f }, loaded.Encode(new float[] { 1, 2 }));
    }

    [Fact]
    public void AnSaeTheLayoutCannotHoldIsRefused()
    {
        using var dir = new TempDirectory();
        using var sae = TinySae.Create(TinySae.Config()); // subtracts b_dec before encoding
        var e = Assert.Throws<ArgumentException>(() => PthSaver.Save(sae, dir.File("sae.pth")));
        Assert.Contains("save it as SAELens", e.Message);
        Assert.False(File.Exists(dir.File("sae.pth")));
    }

    private static float[] Values(Tensor t)
    {
        using var f = t.to(ScalarType.Float32).contiguous();
        return f.data<float>().ToArray();
    }
}
