using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Labeling;

namespace SaeExplorer.Core.Tests.Labeling;

/// <summary>Loading a text-embedding vocabulary (.npy + word list), its checks, and naming with it.</summary>
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

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
