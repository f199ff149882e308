using System.Text.Json;
using SaeExplorer.Core.Corpus;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Sae.Metrics;
using SaeExplorer.Core.Sae.Training;
using static SaeExplorer.Cli.Tests.CliRunner;

namespace SaeExplorer.Cli.Tests;

/// <summary>`saex eval-sae` with a manifest (purity), on the trainer's held-out split, and `saex train --architecture topk`.</summary>
public sealed class EvalSaeCommandTests : IDisposable
{
    private const int Rows = 301;
    private static readonly string[] Kinds = ["cat", "dog", "car"];
    private readonly string _dir = Directory.CreateTempSubdirectory("saex-eval-").FullName;
    private readonly string _npy;
    private readonly string _sae;
    private readonly string _manifest;

    public EvalSaeCommandTests()
    {
        _npy = IndexFixtures.WriteEmbeddings(Path.Combine(_dir, "emb.npy"), Rows);
        _sae = IndexFixtures.WriteSae(Path.Combine(_dir, "sae"));
        _manifest = Path.Combine(_dir, "manifest.csv");
        // Every 10th row has no manifest entry; categories cycle.
        CorpusManifest.Write(_manifest, Enumerable.Range(0, Rows).Where(r => r % 10 != 9)
            .Select(r => new ManifestEntry($"r{r}", $"r{r}.jpg", Kinds[r % 3])));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private PurityReport Reference(IReadOnlyList<long> rows)
    {
        using var data = NpyFile.Open(_npy);
        using var sae = SaeLoader.Load(_sae, SaeFormat.Auto, data.Columns);
        var categories = RowCategories.FromManifest(RowIdMap.Read(data), CorpusManifest.Read(_manifest), _manifest);
        return Purity.Evaluate(sae, data, rows, categories);
    }

    [Fact]
    public async Task ManifestAddsPurityOfFeaturesAndRawDimensions()
    {
        var expected = Reference(Enumerable.Range(0, Rows).Select(i => (long)i).ToList());
        Assert.Equal(271, expected.Images);

        var (code, output) = await RunAsync("eval-sae", "--sae", _sae, "--embeddings", _npy, "--manifest", _manifest, "--json");
        Assert.True(code == 0, output);
        using var doc = JsonDocument.Parse(output);
        var purity = doc.RootElement.GetProperty("purity");
        Assert.Equal(expected.Sae.Purity, purity.GetProperty("sae").GetProperty("purity").GetDouble(), 12);
        Assert.Equal(expected.Sae.Units, purity.GetProperty("sae").GetProperty("units").GetInt32());
        Assert.Equal(expected.RawDimensions.Purity, purity.GetProperty("raw_dimensions").GetProperty("purity").GetDouble(), 12);
        Assert.Equal(expected.Sae.Chance, purity.GetProperty("sae").GetProperty("chance").GetDouble(), 12);
        Assert.Equal(expected.RawDimensions.Lift, purity.GetProperty("raw_dimensions").GetProperty("lift").GetDouble(), 12);
        Assert.Equal(expected.Sae.StandardError, purity.GetProperty("sae").GetProperty("standard_error").GetDouble(), 12);
        // Three categories in near-equal thirds: 8 random images hold about half of one (the exact value is PurityChance's).
        Assert.InRange(expected.RawDimensions.Chance, 0.45, 0.55);
        Assert.Equal(271, purity.GetProperty("images").GetInt32());
        Assert.Equal(3, purity.GetProperty("categories").GetInt32());
        Assert.Equal(Rows, doc.RootElement.GetProperty("samples").GetInt64());

        var (tableCode, table) = await RunAsync("eval-sae", "--sae", _sae, "--embeddings", _npy, "--manifest", _manifest);
        Assert.True(tableCode == 0, table);
        Assert.Contains("purity: top 8 images of units firing on >= 5 of 271 images (3 categories)", table);
        Assert.Contains($"SAE features", table);
        Assert.Contains(expected.Sae.Purity.ToString("F4"), table);
        Assert.Contains($"{expected.Sae.Units} of 48", table);
        Assert.Contains(expected.RawDimensions.Purity.ToString("F4"), table);
        Assert.Contains($"{expected.RawDimensions.Units} of 16", table);
        Assert.Contains(expected.RawDimensions.Chance.ToString("F4"), table);
        Assert.Contains(PurityVerdict.Of(expected)[..30], table);
    }

    [Fact]
    public async Task HeldOutReproducesTheTrainersSplit()
    {
        var split = DataSplit.Create(Rows, 0.2, 3);
        var expected = Reference(split.HeldOut);

        var (code, output) = await RunAsync("eval-sae", "--sae", _sae, "--embeddings", _npy, "--manifest", _manifest,
            "--held-out", "--held-out-fraction", "0.2", "--seed", "3", "--json");
        Assert.True(code == 0, output);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(60, doc.RootElement.GetProperty("samples").GetInt64());
        Assert.Equal("held-out 60 of 301 (fraction 0.2, seed 3)", doc.RootElement.GetProperty("rows").GetString());
        Assert.Equal(expected.Images, doc.RootElement.GetProperty("purity").GetProperty("images").GetInt32());
        Assert.Equal(expected.Sae.Purity, doc.RootElement.GetProperty("purity").GetProperty("sae").GetProperty("purity").GetDouble(), 12);
        using var data = NpyFile.Open(_npy);
        using var sae = SaeLoader.Load(_sae, SaeFormat.Auto, data.Columns);
        Assert.Equal(SaeEvaluator.Evaluate(sae, data, split.HeldOut).ExplainedVariance,
            doc.RootElement.GetProperty("explained_variance").GetDouble(), 12);
    }

    [Fact]
    public async Task IdsFileOverridesTheOneBesideTheEmbeddings()
    {
        // Ids naming other manifest entries: row r is called "x{r}" and the manifest lists only x0..x99, all "cat".
        var ids = Path.Combine(_dir, "other.ids.txt");
        await File.WriteAllLinesAsync(ids, Enumerable.Range(0, Rows).Select(r => $"x{r}"));
        var manifest = Path.Combine(_dir, "x.csv");
        CorpusManifest.Write(manifest, Enumerable.Range(0, 100).Select(r => new ManifestEntry($"x{r}", $"x{r}.jpg", "cat")));

        var (code, output) = await RunAsync("eval-sae", "--sae", _sae, "--embeddings", _npy, "--manifest", manifest, "--ids", ids, "--json");
        Assert.True(code == 0, output);
        using var doc = JsonDocument.Parse(output);
        var purity = doc.RootElement.GetProperty("purity");
        Assert.Equal(100, purity.GetProperty("images").GetInt32());
        Assert.Equal(1.0, purity.GetProperty("sae").GetProperty("purity").GetDouble()); // one category: every unit is pure
    }

    [Fact]
    public async Task BadCombinationsAreExplained()
    {
        var (both, bothText) = await RunAsync("eval-sae", "--sae", _sae, "--embeddings", _npy, "--rows", "0:10", "--held-out");
        Assert.Equal(2, both);
        Assert.Contains("use --rows or --held-out, not both", bothText);

        var (seed, seedText) = await RunAsync("eval-sae", "--sae", _sae, "--embeddings", _npy, "--seed", "4");
        Assert.Equal(2, seed);
        Assert.Contains("--seed and --held-out-fraction need --held-out", seedText);

        var manifest = Path.Combine(_dir, "none.csv");
        CorpusManifest.Write(manifest, [new ManifestEntry("nobody", "n.jpg", "cat")]);
        var (none, noneText) = await RunAsync("eval-sae", "--sae", _sae, "--embeddings", _npy, "--manifest", manifest);
        Assert.Equal(2, none);
        Assert.Contains("none of the 301 row ids (first: 'r0') has a category", noneText.ReplaceLineEndings(" ")); // Spectre wraps at 80 columns

        var (missing, missingText) = await RunAsync("eval-sae", "--sae", _sae, "--embeddings", _npy, "--manifest", _manifest,
            "--ids", Path.Combine(_dir, "absent.ids.txt"));
        Assert.Equal(2, missing);
        Assert.Contains("Row id file not found", missingText);
    }

    [Fact]
    public async Task TrainTopKSavesATopKSae()
    {
        var outDir = Path.Combine(_dir, "topk");
        var (code, output) = await RunAsync("train", "--embeddings", _npy, "--out", outDir, "--architecture", "topk", "--k", "4",
            "--expansion", "2", "--steps", "30", "--batch-size", "32");
        Assert.True(code == 0, output);
        Assert.Contains("16 -> 32 topk (k=4) SAE after 30 steps", output);
        using var sae = SaeLoader.Load(outDir, SaeFormat.Auto, IndexFixtures.DIn);
        Assert.Equal(Core.Sae.Model.SaeArchitecture.TopK, sae.Config.Architecture);
        Assert.Equal(4, sae.Config.K);

        var (bad, badText) = await RunAsync("train", "--embeddings", _npy, "--out", Path.Combine(_dir, "bad"), "--architecture", "topk",
            "--k", "40", "--expansion", "2", "--steps", "5");
        Assert.Equal(2, bad);
        Assert.Contains("Training:K must be between 1 and d_sae (32", badText);
    }
}
