using SaeExplorer.Core.Corpus;
using SaeExplorer.Core.Labeling;

namespace SaeExplorer.Core.Tests.Labeling;

/// <summary>
/// Top-image naming in a corpus with captions and no categories (LAION's case): the caption words a feature's top
/// training images share beyond their base rate, weighted count x ln(lift), worked out by hand on ten captions.
/// </summary>
public sealed class CaptionWordNamingTests
{
    // Training rows 0-9; held-out rows 10-13. Qualifying words (on 2+ training captions) and their base rates over the
    // ten: dog 0.3, grass 0.3, photo 0.5, cat 0.2, car 0.2, boat 0.2 (park, road, lake are on one caption each).
    private static readonly string[] Captions =
    [
        "a dog on grass", "dog in the park", "dog photo", "cat photo", "cat on grass",
        "car photo", "car on road", "boat photo", "boat on lake", "photo of grass",
        "a dog by the sea", "a small dog", "cat photo", "car",
    ];

    private static CorpusConcepts Concepts() => new([.. Captions.Select((c, r) => new ManifestEntry($"r{r}", $"r{r}.png", null, null, c))]);

    private static readonly LabelingSplit Split = new(new RowSet("training", Enumerable.Range(0, 10).Select(r => (long)r), 14),
        new RowSet("held-out", Enumerable.Range(10, 4).Select(r => (long)r), 14));

    [Fact]
    public void WordsSharedByTheTopImagesAreWeighedByCountTimesTheLogOfTheirLift()
    {
        var words = new CaptionWordCandidates(Concepts(), Split.Train, minimumCount: 2);

        // dog on all three: 3 ln(1 / 0.3) = 3.61; grass and photo are on one each, not shared.
        Assert.Equal(["dog"], words.For([0, 1, 2], 5).Select(t => t.Text));
        // grass 3 of 4: 3 ln(0.75 / 0.3) = 2.75; cat 2 of 4: 2 ln(0.5 / 0.2) = 1.83; photo 2 of 4 is its base rate: ln 1 = 0.
        Assert.Equal(["grass", "cat"], words.For([0, 4, 9, 3], 5).Select(t => t.Text));
        Assert.Equal(["grass"], words.For([0, 4, 9, 3], 1).Select(t => t.Text));
        Assert.Empty(words.For([6, 8], 5)); // car and boat once each; road and lake carry too few captions
        Assert.All(words.For([0, 1, 2], 5), t => Assert.Equal(TermKind.Word, t.Kind));
    }

    [Fact]
    public void AFeatureIsNamedByTheSharedWordWithTheBestTrainingAurocAndScoredOnHeldOutImages()
    {
        var dense = new float[14 * 2];
        foreach (var (row, value) in new[] { (0, 0.9f), (1, 0.8f), (2, 0.7f), (9, 0.1f), (10, 0.9f), (11, 0.6f) }) dense[row * 2] = value;
        foreach (var (row, value) in new[] { (6, 0.5f), (8, 0.4f), (12, 0.3f) }) dense[row * 2 + 1] = value;
        var namer = new FeatureNamer(FeatureActivations.FromDense(dense, 14, 2), Concepts(), Split);

        var labels = namer.ByTopImages(new VocabularyOptions { MinimumCount = 2 });

        // Feature 0's top training images are rows 0, 1, 2, 9: dog 3 ln(0.75 / 0.3) = 2.75 and grass 2 ln(0.5 / 0.3) = 1.02
        // are its candidates; dog separates its training images perfectly, grass does not.
        var dog = labels[0];
        Assert.Equal(new LabelTerm("dog", TermKind.Word), dog.Term);
        Assert.Equal(FeatureNamer.TopImagesMethod, dog.Method);
        Assert.Equal(1.0, dog.Train.Auroc);
        Assert.Equal(1.0, dog.HeldOut.Auroc); // both held-out dogs fire, the cat and the car do not
        // Feature 1's top images (a car on a road, a boat on a lake) share no word: it stays unlabelled, saying why.
        Assert.Null(labels[1].Term);
        Assert.Contains("share no caption word", labels[1].HeldOut.Undefined);
    }

    [Fact]
    public void CategoriesStillNameFeaturesWhereTheTopImagesHaveThem()
    {
        var entries = Captions.Select((c, r) => new ManifestEntry($"r{r}", $"r{r}.png", r < 3 ? "Dogs" : null, null, c)).ToArray();
        var dense = new float[14];
        foreach (var (row, value) in new[] { (0, 0.9f), (1, 0.8f), (2, 0.7f), (10, 0.9f) }) dense[row] = value;
        var namer = new FeatureNamer(FeatureActivations.FromDense(dense, 14, 1), new CorpusConcepts(entries), Split);

        Assert.Equal(new LabelTerm("Dogs", TermKind.Category), namer.ByTopImages().Single().Term);
    }
}
