using System.Buffers.Binary;
using System.Text;
using SaeExplorer.Core.Sae;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Sae.Model;
using static TorchSharp.torch;

namespace SaeExplorer.Core.Tests.Sae;

/// <summary>Files written by the test itself: safetensors byte by byte, torch.save via PyBridge, saev layout.</summary>
public class WrittenFileTests
{
    // The tiny SAE from TinySae in SAELens orientation.
    private static readonly float[] WEnc = [1, 0, -1, 0, 2, 1];
    private static readonly float[] BEnc = [0, -1, 0.5f];
    private static readonly float[] WDec = [1, 0, 0, 1, 0.5f, 0.5f];
    private static readonly float[] BDec = [0.5f, -0.5f];

    private static byte[] SafetensorsBytes(string headerJson, byte[] body)
    {
        var h = Encoding.UTF8.GetBytes(headerJson);
        var bytes = new byte[8 + h.Length + body.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)h.Length);
        h.CopyTo(bytes, 8);
        body.CopyTo(bytes, 8 + h.Length);
        return bytes;
    }

    private static byte[] F32(params float[][] arrays) =>
        arrays.SelectMany(a => a.SelectMany(BitConverter.GetBytes)).ToArray();

    private static byte[] F16(params float[][] arrays) =>
        arrays.SelectMany(a => a.SelectMany(v => BitConverter.GetBytes((Half)v))).ToArray();

    private static string WriteFolder(string header, byte[] body, string cfg)
    {
        var dir = Fixtures.TempDir();
        File.WriteAllBytes(Path.Combine(dir, "sae_weights.safetensors"), SafetensorsBytes(header, body));
        File.WriteAllText(Path.Combine(dir, "cfg.json"), cfg);
        return dir;
    }

    private const string NewCfg = """{"architecture": "standard", "d_in": 2, "d_sae": 3, "dtype": "float32", "apply_b_dec_to_input": true, "normalize_activations": "none", "metadata": {"model_name": "tiny", "hook_name": "img"}}""";

    private const string F32Header = """{"__metadata__": {"format": "pt", "note": "by hand"}, "W_enc": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]}, "b_enc": {"dtype": "F32", "shape": [3], "data_offsets": [24, 36]}, "W_dec": {"dtype": "F32", "shape": [3, 2], "data_offsets": [36, 60]}, "b_dec": {"dtype": "F32", "shape": [2], "data_offsets": [60, 68]}}""";

    [Fact]
    public void HandWrittenSafetensorsWithMetadataLoads()
    {
        var dir = WriteFolder(F32Header, F32(WEnc, BEnc, WDec, BDec), NewCfg);
        var contents = SafetensorsFile.Read(Path.Combine(dir, "sae_weights.safetensors"));
        Assert.Equal("by hand", contents.Metadata["note"]);
        using var sae = SaeLoader.Load(dir, expectedDIn: 2);
        Assert.Equal([1.5f, 2f, 0.5f], sae.Encode([2f, 1f]));
        Assert.Equal("tiny", sae.Config.Metadata["model_name"]);
    }

    [Fact]
    public void OldFlatConfigAndFp16WeightsLoad()
    {
        const string oldCfg = """{"d_in": 2, "d_sae": 3, "dtype": "torch.float16", "activation_fn_str": "topk", "activation_fn_kwargs": {"k": 1}, "apply_b_dec_to_input": true, "normalize_activations": "none", "model_name": "old", "hook_point": "x"}""";
        var header = F32Header.Replace("F32", "F16").Replace("[0, 24]", "[0, 12]").Replace("[24, 36]", "[12, 18]")
            .Replace("[36, 60]", "[18, 30]").Replace("[60, 68]", "[30, 34]");
        var dir = WriteFolder(header, F16(WEnc, BEnc, WDec, BDec), oldCfg);
        using var sae = SaeLoader.Load(dir);
        Assert.Equal(SaeArchitecture.TopK, sae.Config.Architecture);
        Assert.Equal(1, sae.Config.K);
        Assert.Equal(SaeWeightDType.Float16, sae.Config.DType);
        Assert.Equal("old", sae.Config.Metadata["model_name"]);
        Assert.Equal([0f, 2f, 0f], sae.Encode([2f, 1f]));
    }

    [Fact]
    public void SparsityFileIsExposed()
    {
        var dir = WriteFolder(F32Header, F32(WEnc, BEnc, WDec, BDec), NewCfg);
        SafetensorsFile.Write(Path.Combine(dir, "sparsity.safetensors"),
            [new SafetensorsTensor("sparsity", "F32", [3], F32([-1f, -2.5f, -10f]))]);
        using var sae = SaeLoader.Load(dir);
        Assert.Equal([-1f, -2.5f, -10f], sae.LogFeatureDensity!);
    }

    [Theory]
    [InlineData("I64", "unsupported dtype 'I64'")]
    [InlineData("overlap", "overlap")]
    [InlineData("short", "needs 24 bytes")]
    [InlineData("past", "run past the end")]
    [InlineData("missing", "missing tensor(s) b_dec")]
    [InlineData("inf", "non-finite")]
    public void MalformedSafetensorsAreRejected(string kind, string message)
    {
        var header = F32Header;
        var body = F32(WEnc, BEnc, WDec, BDec);
        switch (kind)
        {
            case "I64": header = header.Replace("\"b_enc\": {\"dtype\": \"F32\"", "\"b_enc\": {\"dtype\": \"I64\""); break;
            case "overlap": header = header.Replace("[24, 36]", "[20, 32]"); break;
            case "short": header = header.Replace("[0, 24]", "[0, 20]"); break;
            case "past": header = header.Replace("[60, 68]", "[64, 72]"); break;
            case "missing": header = header.Replace(", \"b_dec\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [60, 68]}", ""); break;
            case "inf": body = F32(WEnc, BEnc, [1, 0, 0, float.PositiveInfinity, 0.5f, 0.5f], BDec); break;
        }
        var dir = WriteFolder(header, body, NewCfg);
        var e = Assert.Throws<SaeFormatException>(() => SaeLoader.Load(dir));
        Assert.Contains(message, e.Message);
        if (kind == "inf") Assert.Contains("W_dec", e.Message);
    }

    [Fact]
    public void UnsupportedConfigValuesAreNamed()
    {
        var dir = WriteFolder(F32Header, F32(WEnc, BEnc, WDec, BDec), NewCfg.Replace("\"none\"", "\"layer_norm\""));
        var e = Assert.Throws<SaeFormatException>(() => SaeLoader.Load(dir));
        Assert.Contains("layer_norm", e.Message);
        dir = WriteFolder(F32Header, F32(WEnc, BEnc, WDec, BDec), NewCfg.Replace("\"d_sae\": 3", "\"d_sae\": 4"));
        e = Assert.Throws<SaeFormatException>(() => SaeLoader.Load(dir));
        Assert.Contains("d_sae=4", e.Message);
        Assert.Contains("W_enc has shape [2, 3]", e.Message);
    }

    [Fact]
    public void TorchSaveWrittenThroughPyBridgeLoadsAsThePapersPthLayout()
    {
        var path = Path.Combine(Fixtures.TempDir(), "seed.pth");
        using (var fs = File.Create(path))
        using (var enc = tensor(WEnc, [2, 3]).t().contiguous())
        using (var dec = tensor(WDec, [3, 2]).t().contiguous())
        using (var eb = tensor(BEnc))
        using (var db = tensor(BDec))
            TorchStateDict.Write(fs, new Dictionary<string, Tensor>
            {
                ["encoder.weight"] = enc, ["enc_bias"] = eb, ["decoder.weight"] = dec, ["dec_bias"] = db,
            });
        Assert.Equal(SaeFormat.Pth, SaeLoader.Detect(path));
        using var sae = SaeLoader.Load(path);
        Assert.False(sae.Config.ApplyBDecToInput);
        Assert.Equal([2f, 1f, 0f], sae.Encode([2f, 1f])); // no b_dec subtraction
        Assert.Equal([2.5f, 0.5f], sae.Reconstruct([2f, 1f]));
    }

    [Fact]
    public void SaevLayoutRoundTrips()
    {
        using var tiny = TinySae.Create(TinySae.Config());
        var path = Path.Combine(Fixtures.TempDir(), "sae.pt");
        SaevLoader.Save(tiny, path);
        Assert.Equal((byte)'{', File.ReadAllBytes(path)[0]);
        Assert.Equal(SaeFormat.Saev, SaeLoader.Detect(path));
        using var sae = SaeLoader.Load(path);
        Assert.Equal([1.5f, 2f, 0.5f], sae.Encode([2f, 1f]));
        Assert.Equal("2", sae.Config.Metadata["d_vit"]);
    }

    [Theory]
    [InlineData("saelens")]
    [InlineData("seed_layout.pth")]
    [InlineData("saev_sae.pt")]
    public void LoadSaveLoadIsBitIdentical(string source)
    {
        using var a = SaeLoader.Load(Fixtures.Path_(source));
        var dir1 = Fixtures.TempDir();
        SaeLensSaver.Save(a, dir1);
        using var b = SaeLoader.Load(dir1);
        var dir2 = Fixtures.TempDir();
        SaeLensSaver.Save(b, dir2);
        using var c = SaeLoader.Load(dir2);
        Assert.Equal(a.Config with { Metadata = c.Config.Metadata }, c.Config);
        foreach (var (x, y) in new[] { (a, b), (b, c) })
        {
            using var ex = x.EncoderWeights();
            using var ey = y.EncoderWeights();
            Assert.Equal(ex.bytes.ToArray(), ey.bytes.ToArray());
            Assert.Equal(x.DecoderWeights.bytes.ToArray(), y.DecoderWeights.bytes.ToArray());
            Assert.Equal(x.EncoderBias.bytes.ToArray(), y.EncoderBias.bytes.ToArray());
            Assert.Equal(x.DecoderBias.bytes.ToArray(), y.DecoderBias.bytes.ToArray());
        }
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir1, "sae_weights.safetensors")),
            File.ReadAllBytes(Path.Combine(dir2, "sae_weights.safetensors")));
        if (source == "saelens")
            Assert.Equal(SafetensorsFile.Read(Fixtures.Path_("saelens", "sae_weights.safetensors")).Tensors["W_enc"].Data,
                SafetensorsFile.Read(Path.Combine(dir1, "sae_weights.safetensors")).Tensors["W_enc"].Data);
    }

    [Fact]
    public void Fp16AndJumpReluRoundTripExactly()
    {
        using var a = TinySae.Create(TinySae.Config(SaeArchitecture.JumpReLU) with
        {
            DType = SaeWeightDType.Float16,
            Normalization = SaeNormalization.ExpectedAverageOnlyIn,
            NormScalingFactor = 0.5f,
        }, [1.6f, 1.0f, 0.4f]);
        var dir = Fixtures.TempDir();
        SaeLensSaver.Save(a, dir);
        using var b = SaeLoader.Load(dir);
        Assert.Equal(a.Config, b.Config with { Metadata = a.Config.Metadata });
        Assert.Equal(a.Threshold!.bytes.ToArray(), b.Threshold!.bytes.ToArray());
        Assert.Equal(a.Encode([2f, 1f]), b.Encode([2f, 1f]));
    }
}
