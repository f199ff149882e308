using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SaeExplorer.Core.Labeling;

namespace SaeExplorer.Core.Tests.Labeling;

/// <summary>AUROC (Mann-Whitney, ties one half) and balanced accuracy at "fires", by hand and against all pairs.</summary>
public class DetectionScoringTests
{
    private static DetectionScore Dense(float[] activations, bool[] carries) => DetectionScoring.Score(activations, carries, "held-out");

    [Fact]
    public void TheTextbookCaseIsThreeOfFourPairs()
    {
        // positives 0.35 and 0.8, negatives 0.1 and 0.4: 0.8 beats both, 0.35 beats 0.1 only: 3 / 4.
        var s = Dense([0.1f, 0.4f, 0.35f, 0.8f], [false, false, true, true]);
        Assert.Equal(0.75, s.Auroc);
        Assert.Equal(0.5, s.BalancedAccuracy); // every image fires: TPR 1, TNR 0
    }

    [Fact]
    public void TiesCountOneHalf()
    {
        // pos(0) vs neg(0): 1/2, pos(0) vs neg(1): 0, pos(1) vs neg(0): 1, pos(1) vs neg(1): 1/2 -> 2 / 4.
        var s = Dense([0f, 0f, 1f, 1f], [true, false, true, false]);
        Assert.Equal(0.5, s.Auroc);
        Assert.Equal(0.5, s.BalancedAccuracy); // TPR 1/2 (one positive fires), TNR 1/2 (one negative silent)
        Assert.Equal((2, 2), (s.Positives, s.Negatives));
    }

    [Fact]
    public void AThreeWayTieAtZeroAndATieAboveIt()
    {
        // positives at 0, 2, 5; negatives at 0, 0, 2.
        // 0: ties two negatives (1/2 + 1/2), loses to 2 -> 1; 2: beats two, ties one -> 2.5; 5: beats all -> 3. 6.5 / 9.
        var s = Dense([0f, 0f, 0f, 2f, 2f, 5f], [false, true, false, true, false, true]);
        Assert.Equal(6.5 / 9, s.Auroc!.Value, 12);
        Assert.Equal(0.5 * (2.0 / 3 + 2.0 / 3), s.BalancedAccuracy!.Value, 12); // 2 of 3 positives fire, 2 of 3 negatives do not
    }

    [Fact]
    public void AFeatureThatNeverFiresScoresOneHalfAndBalancedAccuracyOneHalf()
    {
        var s = Dense([0f, 0f, 0f], [true, false, false]);
        Assert.Equal(0.5, s.Auroc);
        Assert.Equal(0.5, s.BalancedAccuracy); // TPR 0, TNR 1
        // Defined, yet it says nothing about the label, and says so.
        Assert.Equal("the feature fires on no held-out image, so this score cannot tell a good label from a bad one", s.Caveat);
        Assert.Equal(s.Caveat, s.Note);
        Assert.Null(Dense([0f, 0.1f, 0f], [true, false, false]).Caveat); // one firing image is something to test
    }

    [Fact]
    public void PerfectAndInvertedOrders()
    {
        Assert.Equal(1.0, Dense([0f, 0.2f, 3f, 4f], [false, false, true, true]).Auroc);
        Assert.Equal(0.0, Dense([3f, 4f, 0f, 0.2f], [false, false, true, true]).Auroc);
        Assert.Equal(1.0, Dense([0f, 0f, 3f, 4f], [false, false, true, true]).BalancedAccuracy);
    }

    [Fact]
    public void NoPositivesOrNoNegativesIsUndefinedWithAReason()
    {
        var none = Dense([1f, 0f], [false, false]);
        Assert.Null(none.Auroc);
        Assert.Null(none.BalancedAccuracy);
        Assert.Equal("no held-out image carries the label", none.Undefined);
        var all = Dense([1f, 0f], [true, true]);
        Assert.Null(all.Auroc);
        Assert.Equal("every held-out image carries the label", all.Undefined);
        Assert.Equal("no held-out image carries the label", Dense([], []).Undefined);
    }

    [Fact]
    public void BadInputIsNamed()
    {
        Assert.Contains("2 activations but 1 labels", Assert.Throws<ArgumentException>(() => Dense([1f, 2f], [true])).Message);
        Assert.Contains("activation 1 is NaN", Assert.Throws<ArgumentException>(() => Dense([1f, float.NaN], [true, false])).Message);
    }

    /// <summary>Activations from a few values (0 and a negative one among them) so ties are common; a random subset is the evaluated set.</summary>
    public static Arbitrary<(int Seed, int Rows)> Cases() =>
        (from seed in Gen.Choose(0, 1_000_000) from rows in Gen.Choose(1, 60) select (seed, rows)).ToArbitrary();

    private static (float[] Activations, bool[] Carries, bool[] InSet) Draw((int Seed, int Rows) c)
    {
        var random = new Random(c.Seed);
        float[] levels = [0f, 0f, 0f, 0.5f, 1f, 1f, 2.25f, -0.75f];
        var activations = Enumerable.Range(0, c.Rows).Select(_ => random.Next(3) == 0 ? (float)random.NextDouble() : levels[random.Next(levels.Length)]).ToArray();
        var carries = Enumerable.Range(0, c.Rows).Select(_ => random.Next(3) == 0).ToArray();
        var inSet = Enumerable.Range(0, c.Rows).Select(_ => random.Next(4) != 0).ToArray();
        return (activations, carries, inSet);
    }

    /// <summary>The definition, literally: every (positive, negative) pair, 1 if the positive is higher, 1/2 if equal.</summary>
    private static (double? Auroc, double? Balanced) BruteForce(float[] a, bool[] carries)
    {
        double won = 0, pairs = 0;
        for (var i = 0; i < a.Length; i++)
            for (var j = 0; j < a.Length; j++)
                if (carries[i] && !carries[j])
                {
                    pairs++;
                    won += a[i] > a[j] ? 1 : a[i] == a[j] ? 0.5 : 0;
                }
        if (pairs == 0) return (null, null);
        int p = carries.Count(x => x), n = a.Length - p;
        var tpr = Enumerable.Range(0, a.Length).Count(i => carries[i] && a[i] > 0) / (double)p;
        var tnr = Enumerable.Range(0, a.Length).Count(i => !carries[i] && a[i] <= 0) / (double)n;
        return (won / pairs, (tpr + tnr) / 2);
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(DetectionScoringTests)])]
    public void DenseScoresAgreeWithAllPairs((int Seed, int Rows) c)
    {
        var (a, carries, _) = Draw(c);
        var s = Dense(a, carries);
        var (auroc, balanced) = BruteForce(a, carries);
        Assert.Equal(auroc is null, s.Auroc is null);
        if (auroc is null) return;
        Assert.Equal(auroc.Value, s.Auroc!.Value, 12);
        Assert.Equal(balanced!.Value, s.BalancedAccuracy!.Value, 12);
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(DetectionScoringTests)])]
    public void SparseColumnsOverASubsetAgreeWithAllPairsOnThatSubset((int Seed, int Rows) c)
    {
        var (a, carries, inSet) = Draw(c);
        var column = FeatureActivations.FromDense(a, a.Length, 1).Column(0);
        var set = new RowSet("held-out", Enumerable.Range(0, a.Length).Where(r => inSet[r]).Select(r => (long)r), a.Length);
        var carried = Enumerable.Range(0, a.Length).Where(r => carries[r]).ToArray();

        var s = DetectionScoring.Score(column, set, carried);

        var subset = Enumerable.Range(0, a.Length).Where(r => inSet[r]).ToArray();
        var (auroc, balanced) = BruteForce(subset.Select(r => a[r]).ToArray(), subset.Select(r => carries[r]).ToArray());
        Assert.Equal(subset.Count(r => carries[r]), s.Positives);
        Assert.Equal(subset.Count(r => !carries[r]), s.Negatives);
        Assert.Equal(auroc is not null && subset.All(r => !(a[r] > 0)), s.Caveat is not null);
        Assert.Equal(auroc is null, s.Auroc is null);
        if (auroc is null) return;
        Assert.Equal(auroc.Value, s.Auroc!.Value, 12);
        Assert.Equal(balanced!.Value, s.BalancedAccuracy!.Value, 12);
    }
}
