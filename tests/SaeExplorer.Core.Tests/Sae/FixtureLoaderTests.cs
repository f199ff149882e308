using SaeExplorer.Core.Sae;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Sae.Model;
using static TorchSharp.torch;

namespace SaeExplorer.Core.Tests.Sae;

public class FixtureLoaderTests
{
    public static TheoryData<string, string, SaeFormat> Sources => new()
    {
        { "saelens", "saelens", SaeFormat.SaeLens },
        { "pth", "seed_layout.pth", SaeFormat.Pth },
        { "saev", "saev_sae.pt", SaeFormat.Saev },
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public void LoadedSaeReproducesExpectedActivations(string key, string file, SaeFormat format)
    {
        var x = Fixtures.ReadNpy(Fixtures.Path_("embeddings.npy"));
        var expected = Fixtures.Expected(key);
        Assert.Equal(SaeFormat.SaeLens == format ? SaeFormat.SaeLens : format, SaeLoader.Detect(Fixtures.Path_(file)));
        using var sae = SaeLoader.Load(Fixtures.Path_(file), SaeFormat.Auto, expectedDIn: 16);
        Assert.Equal(16, sae.DIn);
        Assert.Equal(48, sae.DSae);
        Assert.Equal(format != SaeFormat.Pth, sae.Config.ApplyBDecToInput);
        for (var r = 0; r < 5; r++)
        {
            var f = sae.Encode(Fixtures.Row(x, r));
            for (var i = 0; i < 48; i++) Assert.Equal(expected[r][i], f[i], 1e-5);
        }
        // The batched tensor path gives the same numbers.
        using var xt = tensor(Enumerable.Range(0, 5).SelectMany(r => Fixtures.Row(x, r)).ToArray(), [5, 16]);
        using var ft = sae.Encode(xt);
        var flat = ft.data<float>().ToArray();
        for (var r = 0; r < 5; r++)
            for (var i = 0; i < 48; i++) Assert.Equal(expected[r][i], flat[r * 48 + i], 1e-5);
    }

    [Fact]
    public void AllThreeFormatsDecodeAlike()
    {
        var x = Fixtures.Row(Fixtures.ReadNpy(Fixtures.Path_("embeddings.npy")), 2);
        using var a = SaeLoader.Load(Fixtures.Path_("saelens"));
        using var b = SaeLoader.Load(Fixtures.Path_("seed_layout.pth"));
        using var c = SaeLoader.Load(Fixtures.Path_("saev_sae.pt"));
        var code = a.EncodeSparse(x);
        var da = a.Decode(code);
        var db = b.Decode(code);
        var dc = c.Decode(code);
        for (var j = 0; j < 16; j++)
        {
            Assert.Equal(da[j], db[j], 1e-5);
            Assert.Equal(da[j], dc[j], 1e-5);
        }
    }

    [Fact]
    public void SparseCodeIsSortedAndMatchesDense()
    {
        var x = Fixtures.Row(Fixtures.ReadNpy(Fixtures.Path_("embeddings.npy")), 0);
        using var sae = SaeLoader.Load(Fixtures.Path_("saelens"));
        var dense = sae.Encode(x);
        var code = sae.EncodeSparse(x);
        Assert.Equal(dense.Count(v => v != 0), code.Count);
        for (var i = 1; i < code.Count; i++) Assert.True(code.Values[i - 1] >= code.Values[i]);
        Assert.Equal(dense, code.ToDense(48));
        var expected = Fixtures.Expected("saelens")[0];
        Assert.Equal(Array.IndexOf(expected, expected.Max()), code.Indices[0]);
        // Batch 1 runs FloatMatVec, batch 2 libtorch's addmm: same features, values equal to float rounding.
        var batched = sae.EncodeSparse(x.Concat(x).ToArray(), 2);
        Assert.Equal(code.Indices, batched[1].Indices);
        for (var i = 0; i < code.Count; i++) Assert.Equal(batched[1].Values[i], code.Values[i], 1e-5 * code.Values[0]);
    }

    [Fact]
    public void ExpectedDimensionMismatchIsRejected()
    {
        var e = Assert.Throws<SaeFormatException>(() => SaeLoader.Load(Fixtures.Path_("saev_sae.pt"), expectedDIn: 1280));
        Assert.Contains("1280", e.Message);
        Assert.Contains("d_in=16", e.Message);
    }

    [Theory]
    [InlineData("truncated", "truncated")]
    [InlineData("header_overflow", "overflows")]
    [InlineData("not_json_header", "not valid JSON")]
    [InlineData("nan", "W_")]
    [InlineData("shape_mismatch", "b_enc")]
    public void BrokenFixturesGiveClearErrors(string folder, string expectedText)
    {
        var e = Assert.Throws<SaeFormatException>(() => SaeLoader.Load(Fixtures.Path_("broken", folder)));
        Assert.Contains(expectedText, e.Message);
        Assert.Contains("sae_weights.safetensors", e.Message);
        if (folder == "nan") Assert.Contains("non-finite", e.Message);
        if (folder == "shape_mismatch") Assert.Contains("[47]", e.Message);
    }

    [Fact]
    public void UnknownPthKeysAreListed()
    {
        var dir = Fixtures.TempDir();
        var path = Path.Combine(dir, "odd.pth");
        using (var fs = File.Create(path))
        using (var w = randn(4, 3))
            TorchStateDict.Write(fs, new Dictionary<string, Tensor> { ["W_in"] = w, ["bias"] = w });
        var e = Assert.Throws<SaeFormatException>(() => SaeLoader.Load(path));
        Assert.Contains("encoder.weight", e.Message);
        Assert.Contains("[W_in, bias]", e.Message);
    }
}
