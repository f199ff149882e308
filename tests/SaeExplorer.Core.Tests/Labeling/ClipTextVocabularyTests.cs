using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Encoders.Text;
using SaeExplorer.Core.Labeling;
using SaeExplorer.Core.Tests.Encoders.Text;

namespace SaeExplorer.Core.Tests.Labeling;

/// <summary>A text-embedding vocabulary: embedded from a word list with the text tower, or loaded (.npy + word list); its checks, and naming with it.</summary>
public sealed class ClipTextVocabularyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("saex-vocab-").FullName;

    private (string Npy, string Words) Write(float[][] vectors, string[] lines)
    {
        var npy = Path.Combine(_dir, "vocab.npy");
        using (var writer = NpyWriter.Create(npy, vectors[0].Length))
        {
            foreach (var v in vectors) writer.WriteRow(v);
            writer.Complete();
        }
        var words = Path.Combine(_dir, "vocab.txt");
        File.WriteAllLines(words, lines);
        return (npy, words);
    }

    [Fact]
    public void TermsAreTextTermsInFileOrderWithTheirRows()
    {
        var (npy, words) = Write([[1, 2, 3], [4, 5, 6]], ["a red fish", " dog "]);

        var v = ClipTextVocabulary.Load(npy, words, 3);

        Assert.Equal([LabelTerm.FreeText("a red fish"), LabelTerm.FreeText("dog")], v.Terms);
        Assert.Equal([1f, 2, 3, 4, 5, 6], v.Vectors);
        Assert.Null(v.TrainImages);
    }

    [Fact]
    public void BadFilesAreClearErrors()
    {
        var (npy, words) = Write([[1, 2, 3], [4, 5, 6]], ["fish", "dog"]);
        Assert.Contains("has vectors of 3 dimensions but the SAE's decoder has 1280",
            Assert.Throws<ArgumentException>(() => ClipTextVocabulary.Load(npy, words, 1280)).Message);

        File.WriteAllLines(words, ["fish"]);
        Assert.Contains("has 1 terms but", Assert.Throws<InvalidDataException>(() => ClipTextVocabulary.Load(npy, words, 3)).Message);
        File.WriteAllLines(words, ["fish", " "]);
        Assert.Contains("line 2: empty term", Assert.Throws<InvalidDataException>(() => ClipTextVocabulary.Load(npy, words, 3)).Message);
        File.WriteAllLines(words, ["fish", "fish"]);
        Assert.Contains("line 2: 'fish' repeats line 1", Assert.Throws<InvalidDataException>(() => ClipTextVocabulary.Load(npy, words, 3)).Message);
        Assert.Throws<FileNotFoundException>(() => ClipTextVocabulary.Load(npy, Path.Combine(_dir, "none.txt"), 3));
    }

    [Fact]
    public void NamingWithTextTermsScoresThemByTheFreeTextRule()
    {
        // "text embeddings" of the planted categories: here the manifest vocabulary's category vectors, under caption nouns
        var corpus = new PlantedCorpus();
        var concepts = new CorpusConcepts(corpus.Entries);
        var split = LabelingSplit.Create(corpus.Rows, 0.2, seed: 1);
        var manifest = ManifestVocabulary.Build(concepts, corpus.Matrix, split.Train, new VocabularyOptions { Subcategories = false, CaptionWords = false });
        var (npy, words) = Write(Enumerable.Range(0, 6).Select(t => manifest.Vector(t).ToArray()).ToArray(),
            ["a bird", "boats", "car", "flower", "house", "tool"]);
        var text = ClipTextVocabulary.Load(npy, words, PlantedCorpus.Dimension);
        using var sae = corpus.CreateSae();

        var result = Autointerp.Run(sae, corpus.Matrix, concepts, split, NamingMethod.DecoderDirection, vocabulary: text);

        var birds = result.Labels.Where(l => l.Feature is 0 or 1).ToArray();
        Assert.All(birds, l => Assert.Equal(LabelTerm.FreeText("a bird"), l.Term));
        // carried by the held-out images whose caption says "bird": exactly the birds, where the features fire
        Assert.All(birds, l => Assert.True(l.HeldOut.Auroc > 0.9, $"{l.HeldOut.Auroc}"));
        Assert.Equal(LabelTerm.FreeText("boats"), result.Labels[2].Term);
        Assert.Equal(TermKind.Text, result.Labels[4].Term!.Kind);
        Assert.Equal(6, result.Report.VocabularyTerms[TermKind.Text]);
    }

    [Fact]
    public void AWordListIsEmbeddedThroughTheTemplatesWithTheTextTower()
    {
        using var text = ClipTextEncoder.Open(TextTowerFixture.Options());
        var words = Path.Combine(_dir, "words.txt");
        File.WriteAllLines(words, ["dog", "red fish"]);

        var plain = ClipTextVocabulary.Embed(text, words, TextTowerFixture.Dimension, center: false);

        // "a photo of a dog." and "a close-up photo of a dog." embed to e0 + 0.1 on every axis (photo), the other three
        // templates to e0: the mean of the five unit vectors, normalised again
        var photo = 1 / MathF.Sqrt(1.21f + 0.03f);
        var dog = new[] { 3 + 2 * 1.1f * photo, 2 * 0.1f * photo, 2 * 0.1f * photo, 2 * 0.1f * photo };
        var norm = MathF.Sqrt(dog.Sum(x => x * x));
        Assert.Equal([LabelTerm.FreeText("dog"), LabelTerm.FreeText("red fish")], plain.Terms);
        Assert.Equal(dog.Select(x => x / norm), plain.Vector(0).ToArray(), (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.Equal(plain.Vector(1)[2], plain.Vector(1)[3], 6); // red and fish alike

        var centered = ClipTextVocabulary.Embed(text, words, TextTowerFixture.Dimension);
        for (var j = 0; j < TextTowerFixture.Dimension; j++)
            Assert.Equal(plain.Vector(0)[j] - (plain.Vector(0)[j] + plain.Vector(1)[j]) / 2, centered.Vector(0)[j], 6);
        Assert.Contains("gives 4-d embeddings but the SAE's decoder has 1280",
            Assert.Throws<ArgumentException>(() => ClipTextVocabulary.Embed(text, words, 1280)).Message);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
