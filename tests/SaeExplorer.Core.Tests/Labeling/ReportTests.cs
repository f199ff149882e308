using SaeExplorer.Core.Labeling;

namespace SaeExplorer.Core.Tests.Labeling;

/// <summary>The report's shares, distribution and agreement on hand-made labels.</summary>
public class ReportTests
{
    [Fact]
    public void DecilesInterpolateAndTheHistogramKeepsOneInTheLastBin()
    {
        var d = ScoreDistribution.Of([0.5, 0.55, 0.9, 1.0, 0.0]);

        Assert.Equal(5, d.Count);
        Assert.Equal(0.59, d.Mean!.Value, 12);
        // sorted 0, 0.5, 0.55, 0.9, 1; the q-th decile sits at position q/10 x 4
        Assert.Equal([0, 0.2, 0.4, 0.51, 0.53, 0.55, 0.69, 0.83, 0.92, 0.96, 1.0], d.Deciles.Select(x => Math.Round(x, 10)));
        Assert.Equal([1, 0, 0, 0, 0, 2, 0, 0, 0, 2], d.Histogram);
        Assert.Null(ScoreDistribution.Of([]).Mean);
        Assert.Empty(ScoreDistribution.Of([]).Deciles);
    }

    private static FeatureLabel Label(int feature, double? auroc, string? labelCategory, string? topCategory)
    {
        var held = auroc is null ? DetectionScore.NotDefined(0, 10, "no held-out image carries the label") : new DetectionScore(auroc, 0.5, 3, 7, null);
        return new FeatureLabel(feature, "m", new LabelTerm("x", TermKind.Word), 0.5, held, held, labelCategory, topCategory);
    }

    [Fact]
    public void SharesAreOfAliveFeaturesAndUndefinedScoresAreNotAbove()
    {
        FeatureLabel[] labels =
        [
            Label(0, 0.9, "a", "a"), Label(3, 0.85, "a", "b"), Label(4, null, "b", null), Label(9, 0.3, "c", "c"), Label(10, 0.8, null, "c"),
        ];
        var split = new LabelingSplit(new RowSet("training", [0, 1, 2], 5), new RowSet("held-out", [3, 4], 5));

        var r = AutointerpReport.From("m", labels, features: 12, split, new AutointerpOptions(), new Dictionary<TermKind, int> { [TermKind.Word] = 7 });

        Assert.Equal((12, 5, 5, 1), (r.Features, r.Alive, r.Labelled, r.UndefinedScores));
        Assert.Equal(2, r.AboveCut); // 0.8 is not above 0.8
        Assert.Equal(0.4, r.ShareAboveCut);
        Assert.Equal(4, r.HeldOutAuroc.Count);
        Assert.Equal((3, 2), (r.Agreement.Compared, r.Agreement.Matches)); // feature 4 has no top category, 10 no label category
        Assert.Equal(2 / 3.0, r.Agreement.Share);
        // top categories of the compared: a, b, c; the tie goes to the ordinal first, "a", right once in three
        Assert.Equal(("a", 1), (r.Agreement.BaselineCategory, r.Agreement.BaselineMatches));
        Assert.Equal(1 / 3.0, r.Agreement.AboveBaseline!.Value, 12);
        Assert.Equal(1, r.NoHeldOutCategory);
        Assert.Equal((3, 2), (r.TrainImages, r.HeldOutImages));
        Assert.Equal(0.5, r.MeanBalancedAccuracy);
    }
}
