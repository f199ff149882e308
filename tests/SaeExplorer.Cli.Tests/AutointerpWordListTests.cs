using System.Text.Json;
using SaeExplorer.Core.Corpus;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Sae.Model;
using SaeExplorer.Core.Tests.Encoders.Text;
using static SaeExplorer.Cli.Tests.CliRunner;
using static TorchSharp.torch;

namespace SaeExplorer.Cli.Tests;

/// <summary>
/// `saex autointerp --vocabulary-words words.txt`: a plain word list embedded with the stand-in CLIP text tower (its
/// space has "dog" on e0, "cat" on e1, "fish" on e2), no Python step. The corpus is in that space: dogs along e0, cats
/// along e1, fish along e2, captioned so; the SAE has one feature per animal along its axis.
/// </summary>
public sealed class AutointerpWordListTests : IDisposable
{
    private static readonly string[] Animals = ["dog", "cat", "fish"];
    private readonly string _dir = Directory.CreateTempSubdirectory("saex-words-").FullName;
    private readonly string _npy, _manifest, _sae, _words;

    public AutointerpWordListTests()
    {
        var random = new Random(5);
        _npy = Path.Combine(_dir, "emb.npy");
        var entries = new List<ManifestEntry>();
        using (var writer = NpyWriter.Create(_npy, TextTowerFixture.Dimension, NpyDType.Float32, withRowIds: true))
        {
            for (var r = 0; r < 90; r++)
            {
                var row = Enumerable.Range(0, TextTowerFixture.Dimension).Select(_ => (float)(0.1 * (random.NextDouble() - 0.5))).ToArray();
                row[r % 3] += 1;
                writer.WriteRow(row, $"img{r}");
                entries.Add(new ManifestEntry($"img{r}", $"img{r}.png", "animals", null, $"a {Animals[r % 3]} in the garden"));
            }
            writer.Complete();
        }
        _manifest = Path.Combine(_dir, CorpusManifest.FileName);
        CorpusManifest.Write(_manifest, entries);
        var rows = Enumerable.Range(0, 3).SelectMany(f => TextTowerFixture.E(f)).ToArray();
        using (var dec = tensor(rows, [3, TextTowerFixture.Dimension]))
        using (var enc = dec.t().contiguous())
        using (var bEnc = tensor(new[] { -0.5f, -0.5f, -0.5f }))
        using (var bDec = zeros(TextTowerFixture.Dimension))
        using (var sae = new SparseAutoencoder(new SaeConfig(SaeArchitecture.Standard, TextTowerFixture.Dimension, 3), enc, bEnc, dec, bDec))
            SaeLensSaver.Save(sae, _sae = Path.Combine(_dir, "sae"));
        _words = Path.Combine(_dir, "words.txt");
        File.WriteAllLines(_words, ["red", "fish", "dog", "cat", "photo"]);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task EachFeatureIsNamedByTheWordWhoseTextEmbeddingItsDecoderPointsAt()
    {
        var (code, output) = await RunAsync("autointerp", "--sae", _sae, "--embeddings", _npy, "--manifest", _manifest,
            "--vocabulary-words", _words, "--text-model", TextTowerFixture.File("text.onnx"), "--held-out-fraction", "0.2", "--seed", "1", "--json");

        Assert.True(code == 0, output);
        using var doc = JsonDocument.Parse(output);
        var labels = doc.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("label").GetString()).ToArray();
        Assert.Equal(Animals, labels);
        Assert.All(doc.RootElement.GetProperty("features").EnumerateArray(), f => Assert.Equal("text", f.GetProperty("kind").GetString()));
        Assert.Equal(5, doc.RootElement.GetProperty("report").GetProperty("vocabulary").GetProperty("text").GetInt32());
    }

    [Fact]
    public async Task WithoutATextTowerItSaysWhichSettingToGive()
    {
        var (code, output) = await RunAsync("autointerp", "--sae", _sae, "--embeddings", _npy, "--manifest", _manifest, "--vocabulary-words", _words);

        Assert.Equal(2, code);
        Assert.Contains("no CLIP text tower configured (Encoder:TextModelPath); --vocabulary-words without --vocabulary embeds the words with it (or pass --text-model)",
            System.Text.RegularExpressions.Regex.Replace(output, @"\s+", " "));
    }

    [Fact]
    public async Task AMissingTextModelIsNamedAndNeverDownloaded()
    {
        var missing = Path.Combine(_dir, "nope", "text.onnx");
        var (code, output) = await RunAsync("autointerp", "--sae", _sae, "--embeddings", _npy, "--manifest", _manifest,
            "--vocabulary-words", _words, "--text-model", missing);

        Assert.Equal(2, code);
        Assert.Contains($"CLIP text tower not found: '{missing}'. Set Encoder:TextModelPath", System.Text.RegularExpressions.Regex.Replace(output, @"\s+", " "));
    }
}
