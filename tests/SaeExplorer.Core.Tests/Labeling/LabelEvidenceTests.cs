using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SaeExplorer.Core.Labeling;

namespace SaeExplorer.Core.Tests.Labeling;

/// <summary>
/// When a label's held-out score says something: hand-worked cases at the bar (0.5 + 2 chance standard errors), the
/// cases that cannot tell, and the bar's standard error against the exact spread of AUROC over every labelling.
/// </summary>
public class LabelEvidenceTests
{
    private const double Margin = 2;

    /// <summary>100 held-out images, the first 10 carry the label; the feature fires with the given activations.</summary>
    private static DetectionScore Score(params (int Row, float Value)[] firing)
    {
        var activations = new float[100];
        foreach (var (row, value) in firing) activations[row] = value;
        return DetectionScoring.Score(activations, Enumerable.Range(0, 100).Select(r => r < 10).ToArray(), "held-out");
    }

    [Fact]
    public void TheBarForTenOfAHundredIsWorkedByHand()
    {
        // sqrt((10 + 90 + 1) / (12 x 10 x 90)) = sqrt(101 / 10800) = 0.0967050; 0.5 + 2 x that = 0.693410
        Assert.Equal(0.0967050, LabelEvidence.ChanceStandardError(10, 90), 6);
        Assert.Equal(0.693410, LabelEvidence.BarFor(10, 90, Margin), 6);
    }

    [Fact]
    public void FourLabelledImagesAboveOneUnlabelledOneClearTheBarJustAbove()
    {
        // 4 positives fire (3, 4, 5, 6) above the one negative that fires (1): each beats all 90 negatives (360 pairs),
        // the 6 silent positives tie the 89 silent negatives (6 x 89 / 2 = 267): 627 / 900 = 0.69667 > 0.69341.
        var s = Score((0, 3), (1, 4), (2, 5), (3, 6), (50, 1));
        Assert.Equal(627 / 900.0, s.Auroc!.Value, 12);

        var e = LabelEvidence.Of(s, Margin);

        Assert.Equal(EvidenceKind.SaysSomething, e.Kind);
        Assert.True(e.SaysSomething);
        Assert.Null(e.Note);
    }

    [Fact]
    public void TheSameCountsWithTheUnlabelledImageOnTopFallJustBelow()
    {
        // the negative now fires above the 4 positives: each positive loses that pair (4 x 89 = 356), the silent ones
        // still tie 89 (267): 623 / 900 = 0.69222 < 0.69341
        var s = Score((0, 3), (1, 4), (2, 5), (3, 6), (50, 9));
        Assert.Equal(623 / 900.0, s.Auroc!.Value, 12);

        var e = LabelEvidence.Of(s, Margin);

        Assert.Equal(EvidenceKind.WithinChance, e.Kind);
        Assert.Equal(0.693410, e.Bar!.Value, 6);
        Assert.Equal("within chance: 10 of the 100 held-out images carry the label, so its AUROC must exceed 0.69 " +
                     "(0.5 + 2 chance standard errors) to say something; it is 0.69", e.Note);
    }

    [Fact]
    public void AFeatureSilentOnEveryHeldOutImageCannotTell()
    {
        var e = LabelEvidence.Of(Score(), Margin);

        Assert.Equal(EvidenceKind.CannotTell, e.Kind);
        Assert.Equal("the feature fires on no held-out image, so this score cannot tell a good label from a bad one", e.Note);
    }

    [Fact]
    public void ALabelNoHeldOutImageCarriesHasNoScore()
    {
        var e = LabelEvidence.Of(DetectionScore.NotDefined(0, 100, "no held-out image carries the label"), Margin);

        Assert.Equal((EvidenceKind.NoScore, (double?)null), (e.Kind, e.Bar));
        Assert.Equal("no held-out image carries the label", e.Note);
    }

    [Fact]
    public void OneLabelledImageNeverSaysSomethingEvenAtAPerfectScore()
    {
        // P = 1: the chance AUROC is a uniform draw (spread sqrt(101 / 1188) = 0.2916), so the bar is 1.083
        var activations = new float[100];
        activations[0] = 5;
        var s = DetectionScoring.Score(activations, Enumerable.Range(0, 100).Select(r => r == 0).ToArray(), "held-out");
        Assert.Equal(1.0, s.Auroc);

        Assert.Equal(EvidenceKind.WithinChance, LabelEvidence.Of(s, Margin).Kind);
        Assert.Equal(EvidenceKind.SaysSomething, LabelEvidence.Of(s, margin: 1).Kind); // 1 standard error: bar 0.79
    }

    public static Arbitrary<(int Seed, int Rows)> Corpora() => Gen.Choose(2, 9).SelectMany(n => Gen.Choose(0, 10_000).Select(s => (s, n))).ToArbitrary();

    [Property(MaxTest = 200, Arbitrary = [typeof(LabelEvidenceTests)])]
    public void TheChanceSpreadIsExactWithoutTiesAndAnUpperBoundWithThem((int Seed, int Rows) c)
    {
        // Every way of choosing which P of the n images carry the label, equally likely under chance: the spread of AUROC
        // over them is sqrt((n + 1) / (12 P N)) when no activations tie, and smaller when some do (here: many zeros).
        var random = new Random(c.Seed);
        var n = c.Rows;
        var positives = random.Next(1, n);
        var tied = Enumerable.Range(0, n).Select(_ => (float)random.Next(0, 3)).ToArray();
        var distinct = Enumerable.Range(0, n).Select(i => (float)i).OrderBy(_ => random.Next()).ToArray();

        var bound = LabelEvidence.ChanceStandardError(positives, n - positives);

        Assert.Equal(bound, Spread(distinct, positives), 10);
        Assert.True(Spread(tied, positives) <= bound + 1e-12);
    }

    private static double Spread(float[] activations, int positives)
    {
        var aurocs = Subsets(activations.Length, positives)
            .Select(set => DetectionScoring.Score(activations, Enumerable.Range(0, activations.Length).Select(set.Contains).ToArray()).Auroc!.Value)
            .ToArray();
        var mean = aurocs.Average();
        return Math.Sqrt(aurocs.Sum(a => (a - mean) * (a - mean)) / aurocs.Length);
    }

    private static IEnumerable<HashSet<int>> Subsets(int n, int k) =>
        k == 0 ? [[]] : Enumerable.Range(k - 1, n - k + 1).SelectMany(last => Subsets(last, k - 1).Select(s => new HashSet<int>(s) { last }));
}
