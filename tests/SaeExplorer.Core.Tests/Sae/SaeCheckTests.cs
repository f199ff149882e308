using SaeExplorer.Core.Corpus.Import;
using SaeExplorer.Core.Sae;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Sae.Model;
using static TorchSharp.torch;

namespace SaeExplorer.Core.Tests.Sae;

/// <summary>
/// An SAE file is checked against a corpus before anything is made of it, holding none of its weights: each refusal
/// names the file and the tensor or metadata field (real PyTorch-written fixtures, and files written here).
/// </summary>
public sealed class SaeCheckTests
{
    private static readonly CorpusVectors Resnet = new(16, "the configured encoder (resnet18)", "resnet18", null);
    private static readonly CorpusVectors Unnamed = new(16, "img_emb/img_emb_0.npy", null, null);

    [Theory]
    [InlineData("seed_layout.pth", SaeFormat.Pth, "encoder.weight [48, 16]")]
    [InlineData("saev_sae.pt", SaeFormat.Saev, "W_enc [16, 48]")]
    [InlineData("saelens", SaeFormat.SaeLens, "W_enc [16, 48]")]
    public void AnSaeOfAnotherInputDimensionIsRefusedNamingTheFileAndTheTensor(string fixture, SaeFormat format, string tensor)
    {
        var vectors = new CorpusVectors(512, "img_emb/img_emb_0.npy", null, null);

        var e = Assert.Throws<SaeFormatException>(() => SaeCheck.Inspect(Fixtures.Path_(fixture), SaeFormat.Auto, vectors));

        Assert.Contains(SaeLoader.WeightsFile(Fixtures.Path_(fixture), format), e.Message);
        Assert.Contains(tensor, e.Message);
        Assert.Contains("d_in=16", e.Message);
        Assert.Contains("the corpus's embeddings (img_emb/img_emb_0.npy) are 512-d", e.Message);
    }

    [Fact]
    public void TheThreeFixturesPassAndSayWhatTheyAre()
    {
        var pth = SaeCheck.Inspect(Fixtures.Path_("seed_layout.pth"), SaeFormat.Auto, Unnamed);
        Assert.Equal((SaeFormat.Pth, 16, 48, SaeArchitecture.Standard, false), (pth.Format, pth.Config.DIn, pth.Config.DSae, pth.Config.Architecture, pth.Config.ApplyBDecToInput));
        Assert.Equal(Core.Encoders.ModelFingerprint.Of(Fixtures.Path_("seed_layout.pth")), pth.Fingerprint);
        Assert.Contains("says nothing about the embedding space", pth.Warning);

        var lens = SaeCheck.Inspect(Fixtures.Path_("saelens"), SaeFormat.Auto, Unnamed);
        Assert.Equal(Fixtures.Path_("saelens", SaeLensLoader.WeightsFile), lens.WeightsFile);
        Assert.Contains("says it was trained on hidden-fixture (model_name)", lens.Warning);

        var saev = SaeCheck.Inspect(Fixtures.Path_("saev_sae.pt"), SaeFormat.Auto, Resnet);
        Assert.Equal(SaeFormat.Saev, saev.Format);
        Assert.Contains("check that it was trained on resnet18 vectors (16-d)", saev.Warning);
    }

    [Fact]
    public void NaNWeightsAreRefusedNamingTheFileTheTensorAndTheIndex()
    {
        var path = Path.Combine(Fixtures.TempDir(), "nan.pth");
        var wEnc = new float[16 * 48];
        wEnc[2 * 48 + 5] = float.NaN; // W_enc[2, 5]: input 2 of feature 5
        using (var sae = Sae(wEnc)) PthSaver.Save(sae, path);

        var e = Assert.Throws<SaeFormatException>(() => SaeCheck.Inspect(path, SaeFormat.Auto, Unnamed));

        // The paper authors' layout keeps the encoder as [d_sae, d_in]: feature 5's row, input 2.
        Assert.Equal($"{path}: encoder.weight [48, 16] contains a non-finite value (NaN) at flat index {5 * 16 + 2}", e.Message);
        var load = Assert.Throws<SaeFormatException>(() => SaeLoader.Load(path));
        Assert.Equal(e.Message, load.Message);
    }

    [Fact]
    public void TruncatedWeightFilesAreRefusedNamingTheFile()
    {
        var dir = Fixtures.TempDir();
        var pth = Path.Combine(dir, "cut.pth");
        var bytes = File.ReadAllBytes(Fixtures.Path_("seed_layout.pth"));
        File.WriteAllBytes(pth, bytes[..(bytes.Length * 2 / 3)]);
        var e = Assert.Throws<SaeFormatException>(() => SaeCheck.Inspect(pth, SaeFormat.Auto, Unnamed));
        Assert.StartsWith($"{pth}: ", e.Message);
        Assert.Contains("truncated", e.Message);

        var lens = Path.Combine(dir, "cut-saelens");
        Directory.CreateDirectory(lens);
        File.Copy(Fixtures.Path_("saelens", "cfg.json"), Path.Combine(lens, "cfg.json"));
        var weights = File.ReadAllBytes(Fixtures.Path_("saelens", SaeLensLoader.WeightsFile));
        File.WriteAllBytes(Path.Combine(lens, SaeLensLoader.WeightsFile), weights[..^10]);
        e = Assert.Throws<SaeFormatException>(() => SaeCheck.Inspect(lens, SaeFormat.Auto, Unnamed));
        Assert.Contains(SaeLensLoader.WeightsFile, e.Message);
        Assert.Contains("tensor 'b_dec'", e.Message); // the last tensor is the one cut short
        Assert.Contains("truncated", e.Message);
    }

    [Theory]
    [InlineData("openai/clip-vit-base-patch32", "image_embeds", "model_name 'openai/clip-vit-base-patch32' names another embedding space")]
    [InlineData("microsoft/resnet-18", "blocks.3.hook_resid_post", "hook_name 'blocks.3.hook_resid_post' is a layer inside the model")]
    public void MetadataNamingAnotherSpaceIsRefusedNamingTheField(string model, string hook, string message)
    {
        var folder = SaeLens(model, hook);
        var e = Assert.Throws<SaeFormatException>(() => SaeCheck.Inspect(folder, SaeFormat.Auto, Resnet));
        Assert.Contains(Path.Combine(folder, SaeLensLoader.WeightsFile), e.Message);
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData("microsoft/resnet-18", "resnet18")]
    [InlineData("laion/CLIP-ViT-bigG-14-laion2B-39B-b160k", "clip-vit-bigg-14")]
    [InlineData("ViT-bigG-14", "clip-vit-bigg-14")]
    public void MetadataNamingTheCorpusModelPassesWithoutAWarning(string model, string preset)
    {
        var inspection = SaeCheck.Inspect(SaeLens(model, "image_embeds"), SaeFormat.Auto, Resnet with { Preset = preset });
        Assert.Null(inspection.Warning);
    }

    [Fact]
    public void LoadingReadsEachWeightIntoPlaceAndEncodesAsBefore()
    {
        // The three layouts hold the same weights: loaded straight into place (transposed block by block where the file
        // keeps the other orientation), they decode alike.
        using var lens = SaeLoader.Load(Fixtures.Path_("saelens"));
        using var pth = SaeLoader.Load(Fixtures.Path_("seed_layout.pth"));
        using var saev = SaeLoader.Load(Fixtures.Path_("saev_sae.pt"));
        for (var f = 0; f < 48; f += 7)
        {
            Assert.Equal(lens.DecoderRow(f), pth.DecoderRow(f));
            Assert.Equal(lens.DecoderRow(f), saev.DecoderRow(f));
        }
        using var a = lens.EncoderWeightsFloat32();
        using var b = saev.EncoderWeightsFloat32();
        Assert.True(a.equal(b).all().item<bool>());
    }

    private static SparseAutoencoder Sae(float[] wEnc)
    {
        using var we = tensor(wEnc, [16, 48]);
        using var be = zeros(48);
        using var wd = ones(48, 16);
        using var bd = zeros(16);
        return new SparseAutoencoder(new SaeConfig(SaeArchitecture.Standard, 16, 48) { ApplyBDecToInput = false }, we, be, wd, bd);
    }

    private static string SaeLens(string model, string hook)
    {
        var folder = Path.Combine(Fixtures.TempDir(), "saelens");
        Directory.CreateDirectory(folder);
        File.Copy(Fixtures.Path_("saelens", SaeLensLoader.WeightsFile), Path.Combine(folder, SaeLensLoader.WeightsFile));
        File.WriteAllText(Path.Combine(folder, "cfg.json"), File.ReadAllText(Fixtures.Path_("saelens", "cfg.json"))
            .Replace("hidden-fixture", model).Replace("\"image_embeds\"", $"\"{hook}\""));
        return folder;
    }
}
