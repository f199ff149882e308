using SaeExplorer.Core.Labeling;

namespace SaeExplorer.Core.Tests.Labeling;

/// <summary>A label a person typed, scored by the free-text rule on <see cref="HandCorpus"/>, worked by hand.</summary>
public class HumanLabelScoringTests
{
    // Held-out rows 0, 1, 2, 4, 8, 9; "red fish" is carried by rows 0 and 8 of them (see CorpusConceptsTests).
    private static readonly float[] Activation = [0.5f, 0.5f, 0f, 0f, 1f, 0f, 0f, 0f, 2f, 0f];

    private static FeatureNamer Namer() => new(FeatureActivations.FromDense(Activation, 10, 1), HandCorpus.Concepts(),
        new LabelingSplit(new RowSet("training", [3, 5, 6, 7], 10), new RowSet("held-out", [0, 1, 2, 4, 8, 9], 10)));

    [Fact]
    public void ScoredOnTheHeldOutImagesTheLabelsWordsMark()
    {
        var label = Namer().Score(0, LabelTerm.FreeText("Red fish"));

        // positives 0.5 (row 0) and 2 (row 8); negatives 0.5, 0, 1, 0 (rows 1, 2, 4, 9).
        // 0.5: ties one (1/2), beats two -> 2.5; 2: beats all four -> 4. AUROC 6.5 / 8.
        Assert.Equal(6.5 / 8, label.HeldOut.Auroc);
        Assert.Equal((2, 4), (label.HeldOut.Positives, label.HeldOut.Negatives));
        // both positives fire (TPR 1), two of four negatives are silent (TNR 1/2)
        Assert.Equal(0.75, label.HeldOut.BalancedAccuracy);
        Assert.Equal(FeatureNamer.HumanMethod, label.Method);
        Assert.Equal("animals", label.TopHeldOutCategory); // firing held-out rows 8, 4, 1, 0: animals three times
        Assert.Null(label.LabelCategory); // no training image carries it, so it has no category to agree with
        Assert.Null(label.AgreesWithTopImages);
        // no training image is a red fish: undefined, with the reason
        Assert.Null(label.Train.Auroc);
        Assert.Equal("no training image carries the label", label.Train.Undefined);
    }

    [Fact]
    public void ALabelWithNoWordsToMatchIsUndefinedWithAReason()
    {
        var label = Namer().Score(0, LabelTerm.FreeText("of the"));
        Assert.Null(label.HeldOut.Auroc);
        Assert.Equal("the label 'of the' has no word to match (only stop words, digits or punctuation)", label.HeldOut.Undefined);
    }

    [Fact]
    public void AnEmptyLabelOrAnUnknownFeatureIsRefused()
    {
        Assert.Throws<ArgumentException>(() => LabelTerm.FreeText("  "));
        Assert.Throws<ArgumentOutOfRangeException>(() => Namer().Score(1, LabelTerm.FreeText("fish")));
    }
}
