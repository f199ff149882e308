using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Labeling;

namespace SaeExplorer.Core.Tests.Labeling;

/// <summary>
/// Terms, counts, stop words and mean-minus-global vectors on <see cref="HandCorpus"/>, worked by hand. Its words are
/// on two or three captions each, so the count rules are tested with one distinct caption allowed; the captions rule
/// and the filter of codes have their own cases at the end.
/// </summary>
public class ManifestVocabularyTests
{
    private static LabelVocabulary Build(int minimumCount) =>
        ManifestVocabulary.Build(HandCorpus.Concepts(), HandCorpus.Embeddings(), HandCorpus.Train, new VocabularyOptions { MinimumCount = minimumCount, MinimumCaptions = 1 });

    [Fact]
    public void TermsAreCategoriesSubcategoriesAndCaptionWordsWithTheirTrainingCounts()
    {
        var v = Build(minimumCount: 2);

        (string, TermKind, int)[] expected =
        [
            ("Animals", TermKind.Category, 4), ("Vehicles", TermKind.Category, 4), // "vehicles" on row 5 is the same category
            ("birds", TermKind.Subcategory, 2), ("boats", TermKind.Subcategory, 2), ("cars", TermKind.Subcategory, 2), ("fishes", TermKind.Subcategory, 2),
            // words: "a", "the", "of", "at" are stop words; "fish" and "fishes" are one stem, spelled as the first of the tie;
            // "glowing" is only in held-out captions
            ("bird", TermKind.Word, 2), ("blue", TermKind.Word, 2), ("boat", TermKind.Word, 2), ("car", TermKind.Word, 2),
            ("fish", TermKind.Word, 2), ("night", TermKind.Word, 2), ("red", TermKind.Word, 3),
        ];
        Assert.Equal(expected, v.Terms.Select((t, i) => (t.Text, t.Kind, v.TrainImages![i])));
    }

    [Fact]
    public void AMinimumCountDropsRareTerms()
    {
        var v = Build(minimumCount: 3);
        Assert.Equal(["Animals", "Vehicles", "red"], v.Terms.Select(t => t.Text));
    }

    [Fact]
    public void GivenTheHeldOutImagesTermsTheyCannotTestAreLeftOut()
    {
        // Held-out rows: 8 (Animals, fishes, "a red fish glowing") and 9 (Vehicles, boats, "glowing boat"). Birds, cars,
        // "bird", "blue", "car" and "night" are on no held-out image, so a label of theirs could never be scored.
        var v = ManifestVocabulary.Build(HandCorpus.Concepts(), HandCorpus.Embeddings(), HandCorpus.Train, new VocabularyOptions { MinimumCount = 2, MinimumCaptions = 1 },
            heldOut: new RowSet("held-out", [8L, 9L], 10));

        Assert.Equal(["Animals", "Vehicles", "boats", "fishes", "boat", "fish", "red"], v.Terms.Select(t => t.Text));
        Assert.Equal([4, 4, 2, 2, 2, 2, 3], v.TrainImages!); // still counted, and averaged, on the training images only
    }

    [Fact]
    public void ATermOnEveryHeldOutImageIsLeftOutToo()
    {
        // With row 8 alone held out, each term is on all of the held-out images or on none of them.
        var e = Assert.Throws<ArgumentException>(() => ManifestVocabulary.Build(HandCorpus.Concepts(), HandCorpus.Embeddings(), HandCorpus.Train,
            new VocabularyOptions { MinimumCount = 2, MinimumCaptions = 1 }, heldOut: new RowSet("held-out", [8L], 10)));
        Assert.Contains("and by some but not all of the 1 held-out images", e.Message);
    }

    [Fact]
    public void VectorsAreTheTermsTrainingMeanMinusTheGlobalTrainingMean()
    {
        var v = Build(minimumCount: 2);
        float[] Vector(string text, TermKind kind) => v.Vector(v.Terms.ToList().IndexOf(new LabelTerm(text, kind))).ToArray();

        // global training mean (10, 20); the offsets of rows 0-7 are (1,0) (3,0) (1,2) (1,4) (0,-2) (-2,-2) (-3,0) (-1,-2)
        Assert.Equal([1.5f, 1.5f], Vector("Animals", TermKind.Category));
        Assert.Equal([-1.5f, -1.5f], Vector("Vehicles", TermKind.Category));
        Assert.Equal([2f, 0f], Vector("fishes", TermKind.Subcategory)); // rows 0, 1: the held-out fish (1000, 1000) is not in it
        Assert.Equal([-2f, -1f], Vector("boats", TermKind.Subcategory)); // rows 6, 7, not the held-out boat
        Assert.Equal([0.5f, -1f], Vector("blue", TermKind.Word));
        Assert.Equal([0f, 1f], Vector("night", TermKind.Word));
        var red = Vector("red", TermKind.Word); // rows 0, 2, 4: (2/3, 0)
        Assert.Equal(2f / 3, red[0], 5);
        Assert.Equal(0f, red[1], 5);
    }

    [Fact]
    public void HeldOutImagesNeverEnterTheVectors()
    {
        var baseline = Build(minimumCount: 2).Vectors;
        var data = HandCorpus.Embeddings();
        var changed = new float[20];
        data.ReadRows(0, 10, changed);
        changed[16] = -7e6f; changed[17] = 3e5f; changed[18] = 42f; changed[19] = float.MaxValue / 4;

        var v = ManifestVocabulary.Build(HandCorpus.Concepts(), new InMemoryEmbeddingMatrix(changed, 2), HandCorpus.Train, new VocabularyOptions { MinimumCount = 2, MinimumCaptions = 1 });

        Assert.Equal(baseline, v.Vectors);
    }

    [Fact]
    public void ATermOnEveryTrainingImageHasNoDirectionAndIsLeftOut()
    {
        var entries = HandCorpus.Entries.Select(e => e with { Description = e.Description + " photo" }).ToArray();
        var v = ManifestVocabulary.Build(new CorpusConcepts(entries), HandCorpus.Embeddings(), HandCorpus.Train, new VocabularyOptions { MinimumCount = 2, MinimumCaptions = 1 });
        Assert.DoesNotContain(v.Terms, t => t.Text == "photo");
        Assert.Contains(v.Terms, t => t.Text == "night");
    }

    [Fact]
    public void KindsCanBeSwitchedOff()
    {
        var v = ManifestVocabulary.Build(HandCorpus.Concepts(), HandCorpus.Embeddings(), HandCorpus.Train,
            new VocabularyOptions { MinimumCount = 2, CaptionWords = false, Subcategories = false });
        Assert.Equal(["Animals", "Vehicles"], v.Terms.Select(t => t.Text));
    }

    [Fact]
    public void AnEmptyVocabularyIsAClearError()
    {
        var e = Assert.Throws<ArgumentException>(() => Build(minimumCount: 50));
        Assert.Contains("the vocabulary is empty", e.Message);
        Assert.Contains("at least 50 of the 8 training images", e.Message);
    }

    [Fact]
    public void RowsThatDoNotMatchAreAClearError()
    {
        var e = Assert.Throws<ArgumentException>(() => ManifestVocabulary.Build(HandCorpus.Concepts(),
            new InMemoryEmbeddingMatrix(new float[18], 2), HandCorpus.Train));
        Assert.Contains("the embeddings have 9 rows, the manifest join 10", e.Message);
    }

    [Fact]
    public void FindTakesAPersonsTextTrimmedInAnyCaseAndPrefersACategoryToAWordOfTheSameText()
    {
        var v = new LabelVocabulary([new LabelTerm("red", TermKind.Word), new LabelTerm("Red", TermKind.Category), new LabelTerm("car", TermKind.Subcategory)],
            new float[6], 2);
        Assert.Equal(new LabelTerm("Red", TermKind.Category), v.Find("  RED "));
        Assert.Equal(new LabelTerm("car", TermKind.Subcategory), v.Find("Car"));
        Assert.Null(v.Find("red car"));
    }

    [Fact]
    public void AWordNeedsThreeDifferentCaptionsByDefault()
    {
        // "red" is on three training captions ("A red fish", "a red bird", "a red car"); every other word on two.
        var v = ManifestVocabulary.Build(HandCorpus.Concepts(), HandCorpus.Embeddings(), HandCorpus.Train, new VocabularyOptions { MinimumCount = 2 });
        Assert.Equal(["red"], v.Terms.Where(t => t.Kind == TermKind.Word).Select(t => t.Text));
    }

    [Fact]
    public void ABatchTagThatOneCaptionRepeatsIsNotAWord()
    {
        // Rows 0-3 are one uploader's batch, all captioned "R16 sibmission": four images, one caption. "r16" is a code
        // (never a word, whatever the counts), "sibmission" a word of one caption; "boat" and "car" keep two captions each
        // (rows 6-7 and 4-5), and "red", "blue" and "night" are left with one training image each.
        var entries = HandCorpus.Entries.Select((e, i) => i < 4 ? e with { Description = "R16 sibmission" } : e).ToArray();
        var loose = new VocabularyOptions { MinimumCount = 2, MinimumCaptions = 1 };

        var anyCaption = ManifestVocabulary.Build(new CorpusConcepts(entries), HandCorpus.Embeddings(), HandCorpus.Train, loose);
        var twoCaptions = ManifestVocabulary.Build(new CorpusConcepts(entries), HandCorpus.Embeddings(), HandCorpus.Train, loose with { MinimumCaptions = 2 });

        Assert.Equal(["boat", "car", "sibmission"], anyCaption.Terms.Where(t => t.Kind == TermKind.Word).Select(t => t.Text));
        Assert.Equal(["boat", "car"], twoCaptions.Terms.Where(t => t.Kind == TermKind.Word).Select(t => t.Text));
    }

    [Fact]
    public void CodesAndFileNameFragmentsAreNotWordsButStillMatchAPersonsLabel()
    {
        var entries = HandCorpus.Entries.Select((e, i) => i < 6 ? e with { Description = $"{e.Description} r16 3d img{i} dsc png x" } : e).ToArray();
        var concepts = new CorpusConcepts(entries);

        var v = ManifestVocabulary.Build(concepts, HandCorpus.Embeddings(), HandCorpus.Train, new VocabularyOptions { MinimumCount = 2, MinimumCaptions = 1 });

        Assert.DoesNotContain(v.Terms, t => t.Text is "r16" or "3d" or "dsc" or "png" or "x" || t.Text.StartsWith("img", StringComparison.Ordinal));
        Assert.Contains(v.Terms, t => t.Text == "red");
        // the free-text rule still reads every content word: a person who types "r16" is matched against the captions
        Assert.Equal([0, 1, 2, 3, 4, 5], concepts.RowsMatchingText("R16"));
    }
}
