using SaeExplorer.Core.Corpus;
using SaeExplorer.Core.Labeling;

namespace SaeExplorer.Core.Tests.Labeling;

/// <summary>The label is chosen on the training images and only scored on the held-out ones.</summary>
public class SelectOnTrainTests
{
    // Rows 0-7 train, 8-11 held-out. The feature fires on rows 0-3 and 8-9. On the training rows those are the "apples"
    // (4-7 are "pears"); on the held-out rows it is the other way round. A namer that chose on held-out images would
    // pick "pears" with a perfect held-out AUROC; the honest one picks "apples" and reports its held-out AUROC of 0.
    private static readonly string[] Categories = ["apples", "apples", "apples", "apples", "pears", "pears", "pears", "pears", "pears", "pears", "apples", "apples"];
    private static readonly float[] Activation = [1, 2, 1, 3, 0, 0, 0, 0, 2, 1, 0, 0];

    private static (FeatureNamer Namer, LabelVocabulary Vocabulary) Build()
    {
        var entries = Categories.Select((c, r) => new ManifestEntry($"r{r}", $"r{r}.png", c)).ToArray();
        var split = new LabelingSplit(new RowSet("training", Enumerable.Range(0, 8).Select(r => (long)r), 12),
            new RowSet("held-out", Enumerable.Range(8, 4).Select(r => (long)r), 12));
        var namer = new FeatureNamer(FeatureActivations.FromDense(Activation, 12, 1), new CorpusConcepts(entries), split);
        var vocabulary = new LabelVocabulary([new LabelTerm("pears", TermKind.Category), new LabelTerm("apples", TermKind.Category)], [1, 0, 0, 1], 2);
        return (namer, vocabulary);
    }

    [Fact]
    public void TheTrainingBestCandidateIsChosenAndItsHeldOutScoreReported()
    {
        var (namer, vocabulary) = Build();
        // "pears" has the higher cosine, so neither the cosine nor the candidate order picks "apples"
        var candidates = new TermCandidates([0], 2, [0, 1], [0.9f, 0.8f]);

        var label = namer.ByDecoderDirection(candidates, vocabulary).Single();

        Assert.Equal(new LabelTerm("apples", TermKind.Category), label.Term);
        Assert.Equal(0.8f, (float)label.Cosine!.Value);
        Assert.Equal(1.0, label.Train.Auroc);
        Assert.Equal(0.0, label.HeldOut.Auroc);
        Assert.Equal(0.0, label.HeldOut.BalancedAccuracy); // both apples are silent, both pears fire
        Assert.Equal(namer.ScoreOn(0, new LabelTerm("pears", TermKind.Category), new RowSet("held-out", [8, 9, 10, 11], 12)).Auroc, 1.0);
    }

    [Fact]
    public void TopImageNamingTakesTheTrainingTopImagesToo()
    {
        var (namer, _) = Build();

        var label = namer.ByTopImages().Single();

        Assert.Equal(new LabelTerm("apples", TermKind.Category), label.Term);
        Assert.Equal(0.0, label.HeldOut.Auroc);
        Assert.Equal("pears", label.TopHeldOutCategory);
        Assert.Equal(false, label.AgreesWithTopImages);
    }
}
