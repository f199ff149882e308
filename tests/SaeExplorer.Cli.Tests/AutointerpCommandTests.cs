using System.Text.Json;
using Microsoft.Extensions.Configuration;
using SaeExplorer.Core.Corpus;
using SaeExplorer.Core.Labeling;
using SaeExplorer.Core.Sae.Training;
using SaeExplorer.Core.Tests.Labeling;
using static SaeExplorer.Cli.Tests.CliRunner;

namespace SaeExplorer.Cli.Tests;

/// <summary>`saex autointerp` on the planted corpus (600 images in 24-d, 6 categories, an SAE of 14 features) the tests write.</summary>
public sealed class AutointerpCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("saex-autointerp-").FullName;
    private readonly PlantedCorpus _corpus = new();
    private readonly string _npy, _manifest, _sae;

    public AutointerpCommandTests() => (_npy, _manifest, _sae) = _corpus.Write(_dir);

    /// <summary>Spectre wraps long lines at the console width: compare text with every run of white space as one space.</summary>
    private static string Flat(string output) => System.Text.RegularExpressions.Regex.Replace(output, @"\s+", " ");

    private string[] Args(params string[] extra) => ["autointerp", "--sae", _sae, "--embeddings", _npy, "--manifest", _manifest, .. extra];

    private async Task<JsonElement> JsonAsync(params string[] extra)
    {
        var (code, output) = await RunAsync(Args(["--json", .. extra]));
        Assert.True(code == 0, output);
        using var doc = JsonDocument.Parse(output);
        return doc.RootElement.Clone();
    }

    private AutointerpResult Library(NamingMethod method, double fraction, int seed)
    {
        using var sae = _corpus.CreateSae();
        return Autointerp.Run(sae, _corpus.Matrix, new CorpusConcepts(_corpus.Entries), LabelingSplit.Create(_corpus.Rows, fraction, seed), method);
    }

    private static double? Nullable(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetDouble();

    [Fact]
    public async Task JsonHasOneEntryPerAliveFeatureWithTheLibrarysLabelsAndScores()
    {
        var doc = await JsonAsync("--held-out-fraction", "0.2", "--seed", "1");

        var expected = Library(NamingMethod.DecoderDirection, 0.2, 1);
        var features = doc.GetProperty("features").EnumerateArray().ToArray();
        Assert.Equal(expected.Labels.Select(l => l.Feature), features.Select(f => f.GetProperty("feature").GetInt32()));
        for (var i = 0; i < features.Length; i++)
        {
            var (f, l) = (features[i], expected.Labels[i]);
            Assert.Equal(l.Term!.Text, f.GetProperty("label").GetString());
            Assert.Equal(l.Term.Kind.Name(), f.GetProperty("kind").GetString());
            Assert.Equal("decoder-direction", f.GetProperty("method").GetString());
            Assert.Equal(l.HeldOut.Auroc, f.GetProperty("score").GetDouble());
            Assert.Equal(l.HeldOut.BalancedAccuracy, f.GetProperty("balanced_accuracy").GetDouble());
            Assert.Equal(l.Train.Auroc, f.GetProperty("train_score").GetDouble());
            Assert.Equal(l.Cosine, f.GetProperty("cosine").GetDouble());
            Assert.Equal(JsonValueKind.Null, f.GetProperty("undefined").ValueKind);
        }
        foreach (var f in features.Where(f => f.GetProperty("feature").GetInt32() < PlantedCorpus.RandomFeature))
        {
            Assert.Equal(PlantedCorpus.CategoryOf(f.GetProperty("feature").GetInt32()), f.GetProperty("label").GetString());
            Assert.Equal("category", f.GetProperty("kind").GetString());
            Assert.True(f.GetProperty("score").GetDouble() > 0.9);
            Assert.True(f.GetProperty("agrees").GetBoolean());
        }

        var report = doc.GetProperty("report");
        Assert.Equal("decoder-direction", report.GetProperty("method").GetString());
        Assert.Equal(14, report.GetProperty("features").GetInt32());
        Assert.Equal(13, report.GetProperty("alive").GetInt32());
        Assert.Equal(expected.Report.AboveCut, report.GetProperty("above_cut").GetInt32());
        Assert.Equal(expected.Report.ShareAboveCut, report.GetProperty("share_above_cut").GetDouble());
        Assert.Equal(expected.Report.HeldOutAuroc.Deciles, report.GetProperty("held_out_auroc").GetProperty("deciles").EnumerateArray().Select(d => d.GetDouble()));
        Assert.Equal(expected.Report.HeldOutAuroc.Histogram, report.GetProperty("held_out_auroc").GetProperty("histogram").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal(expected.Report.Agreement, report.GetProperty("agreement").GetProperty("share").GetDouble());
        Assert.Equal(10, report.GetProperty("agreement").GetProperty("top_images").GetInt32());
        Assert.Equal((480, 120), (report.GetProperty("train_images").GetInt32(), report.GetProperty("held_out_images").GetInt32()));
        Assert.Equal((0.2, 1), (report.GetProperty("held_out_fraction").GetDouble(), report.GetProperty("seed").GetInt32()));
        Assert.Equal(6, report.GetProperty("vocabulary").GetProperty("category").GetInt32());
        Assert.Equal(14, report.GetProperty("vocabulary").GetProperty("word").GetInt32());
    }

    [Fact]
    public async Task KindsLimitTheVocabulary()
    {
        var doc = await JsonAsync("--kinds", "category, word", "--held-out-fraction", "0.2", "--seed", "1");

        var vocabulary = doc.GetProperty("report").GetProperty("vocabulary");
        Assert.Equal(["category", "word"], vocabulary.EnumerateObject().Select(p => p.Name));
        Assert.DoesNotContain(doc.GetProperty("features").EnumerateArray(), f => f.GetProperty("kind").GetString() == "subcategory");
    }

    [Fact]
    public async Task TheDefaultSplitIsTheTrainersFromTheSettings()
    {
        var doc = await JsonAsync();

        var training = CliSettings.Get<TrainerOptions>(CliSettings.Load());
        var report = doc.GetProperty("report");
        Assert.Equal(training.HeldOutFraction, report.GetProperty("held_out_fraction").GetDouble());
        Assert.Equal(training.Seed, report.GetProperty("seed").GetInt32());
        Assert.Equal(DataSplit.Create(_corpus.Rows, training.HeldOutFraction, training.Seed).HeldOut.Length, report.GetProperty("held_out_images").GetInt32());
    }

    [Fact]
    public async Task TopImageNamingAndItsReport()
    {
        var doc = await JsonAsync("--method", "top-images", "--held-out-fraction", "0.2", "--seed", "1", "--top-images", "5");

        var expected = Library(NamingMethod.TopImages, 0.2, 1);
        var features = doc.GetProperty("features").EnumerateArray().ToArray();
        Assert.All(features, f => Assert.Equal("top-images", f.GetProperty("method").GetString()));
        Assert.All(features, f => Assert.Equal(JsonValueKind.Null, f.GetProperty("cosine").ValueKind));
        Assert.Equal(expected.Labels.Select(l => l.HeldOut.Auroc), features.Select(f => Nullable(f.GetProperty("score"))));
        Assert.Equal("top-images", doc.GetProperty("report").GetProperty("method").GetString());
        Assert.Equal(5, doc.GetProperty("report").GetProperty("agreement").GetProperty("top_images").GetInt32());
        Assert.Empty(doc.GetProperty("report").GetProperty("vocabulary").EnumerateObject());
    }

    [Fact]
    public async Task WithoutJsonItPrintsATableAndTheSummary()
    {
        var (code, output) = await RunAsync(Args("--held-out-fraction", "0.2", "--seed", "1"));

        Assert.True(code == 0, output);
        Assert.Contains("AUROC", output);
        Assert.Contains("held-out AUROC > 0.8:", Flat(output));
        Assert.Contains("birds", output);
        Assert.Contains("#11", output);
        Assert.DoesNotContain("#13", output); // dead
        Assert.Contains("decoder-direction: 13 of 14 features alive, 13 labelled; chosen on 480 training images, scored on 120 held-out", Flat(output));
        Assert.Contains("deciles:", Flat(output));
        Assert.Contains("label agrees with the dominant category of the top 10 held-out images", Flat(output));
    }

    [Fact]
    public async Task RowIdsMissingFromTheManifestAreAClearError()
    {
        var partial = Path.Combine(_dir, "partial.csv");
        CorpusManifest.Write(partial, _corpus.Entries.Skip(3));

        var (code, output) = await RunAsync(["autointerp", "--sae", _sae, "--embeddings", _npy, "--manifest", partial]);

        Assert.Equal(2, code);
        Assert.Contains("3 of the 600 ids in", Flat(output));
        Assert.Contains("are missing from", Flat(output));
        Assert.Contains("'img0000' on row 0", Flat(output));
    }

    [Fact]
    public async Task AnIdsFileOfTheWrongLengthIsAClearError()
    {
        var ids = Path.Combine(_dir, "short.ids.txt");
        File.WriteAllLines(ids, _corpus.Ids.Take(10));
        var (code, output) = await RunAsync(Args("--ids", ids));
        Assert.Equal(2, code);
        Assert.Contains("has 10 ids but", Flat(output));
        Assert.Contains("has 600 rows", Flat(output));
    }

    [Fact]
    public async Task AnSaeOfAnotherDimensionIsAClearError()
    {
        var other = IndexFixtures.WriteSae(Path.Combine(_dir, "sae16"));
        var (code, output) = await RunAsync(["autointerp", "--sae", other, "--embeddings", _npy, "--manifest", _manifest]);
        Assert.Equal(2, code);
        Assert.Contains("d_in=16 does not match the embedding dimension 24", Flat(output));
    }

    [Fact]
    public async Task AVocabularyOfAnotherDimensionIsAClearError()
    {
        var vectors = IndexFixtures.WriteEmbeddings(Path.Combine(_dir, "vocab.npy"), 3);
        var words = Path.Combine(_dir, "vocab.txt");
        File.WriteAllLines(words, ["bird", "boat", "car"]);
        var (code, output) = await RunAsync(Args("--vocabulary", vectors, "--vocabulary-words", words));
        Assert.Equal(2, code);
        Assert.Contains("has vectors of 16 dimensions but the SAE's decoder has 24", Flat(output));
    }

    [Theory]
    [InlineData("the vocabulary is empty", "--min-count", "100000")]
    [InlineData("--min-count must be at least 1, got 0", "--min-count", "0")]
    [InlineData("--held-out-fraction must be above 0 and below 1", "--held-out-fraction", "0")]
    [InlineData("--held-out-fraction must be above 0 and below 1", "--held-out-fraction", "1")]
    [InlineData("--method must be decoder-direction, top-images or vision, got 'words'", "--method", "words")]
    [InlineData("Autointerp:Candidates", "--candidates", "0")]
    [InlineData("--kinds takes category, subcategory and word, comma-separated; got 'category,colour'", "--kinds", "category,colour")]
    [InlineData("--vocabulary needs --vocabulary-words", "--vocabulary", "x.npy")]
    public async Task BadArgumentsAreAClearErrorWithExitCode2(string message, params string[] extra)
    {
        var (code, output) = await RunAsync(Args(extra));

        Assert.Equal(2, code);
        Assert.Contains("error:", output);
        Assert.Contains(message, Flat(output));
    }

    [Fact]
    public async Task AMissingManifestIsNamed()
    {
        var (code, output) = await RunAsync(["autointerp", "--sae", _sae, "--embeddings", _npy, "--manifest", Path.Combine(_dir, "none.csv")]);
        Assert.Equal(2, code);
        Assert.Contains("manifest not found", Flat(output));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
