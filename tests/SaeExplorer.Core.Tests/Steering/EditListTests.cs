using SaeExplorer.Core.Sae.Model;
using SaeExplorer.Core.Steering;

namespace SaeExplorer.Core.Tests.Steering;

public class EditListTests
{
    // f = {0: 1.5, 1: 2, 2: 0.5} over d_sae 5.
    private static readonly SparseCode F = new([1, 0, 2], [2f, 1.5f, 0.5f]);

    private static (int, float)[] Apply(params SteeringEdit[] edits)
    {
        SparseCode edited = new EditList(edits).Apply(F, 5);
        return [.. edited.Indices.Zip(edited.Values)];
    }

    private static string Refusal(params SteeringEdit[] edits) =>
        Assert.Throws<SteeringEditException>(() => new EditList(edits).Apply(F, 5)).Message;

    [Fact]
    public void EachOpInOrderLargestFirst()
    {
        Assert.Equal([(2, 3.5f), (1, 2f), (0, 1.5f)], Apply(new SetFeatures(2, 3.5f)));
        Assert.Equal([(1, 1f), (0, 0.75f), (2, 0.5f)], Apply(new ScaleFeatures([0, 1, 4], 0.5f))); // 4 is off and stays off
        Assert.Equal([(0, 1.5f)], Apply(new RemoveFeatures([1, 2])));
        Assert.Equal([(1, 2f), (0, 1.5f), (4, 1.5f), (2, 0.5f)], Apply(new AddFeatures([new FeatureValue(4, 1.5f)]))); // a new feature appears; the tie goes by lower feature
        // In order: scale then set is not set then scale.
        Assert.Equal([(1, 2f), (0, 1.5f), (3, 1f), (2, 0.5f)], Apply(new ScaleFeatures([3], 2f), new SetFeatures(3, 1f)));
        Assert.Equal([(1, 2f), (3, 2f), (0, 1.5f)], Apply(new SetFeatures(3, 1f), new ScaleFeatures([3, 2], 2f), new RemoveFeatures(2)));
    }

    [Fact]
    public void ResultsAreClampedAtZeroAfterEachEdit()
    {
        // An SAE code is non-negative: going below 0 stops at 0 (the feature is off), and later edits start from there.
        Assert.Equal([(1, 2f), (2, 0.5f)], Apply(new SetFeatures(0, -4f)));
        Assert.Equal([(1, 2f), (0, 1f), (2, 0.5f)], Apply(new AddFeatures([new FeatureValue(0, -5f)]), new AddFeatures([new FeatureValue(0, 1f)])));
    }

    [Fact]
    public void UnusableEditsAreRefusedNamingTheirPosition()
    {
        Assert.Equal("edits[1] (set): feature 5 is outside 0..4 (the SAE has 5 features)",
            Refusal(new SetFeatures(1, 1f), new SetFeatures(5, 1f)));
        Assert.Equal("edits[0] (scale): feature 9 is outside 0..4 (the SAE has 5 features)", Refusal(new ScaleFeatures([1, 9], 2f)));
        Assert.Equal("edits[0] (add): feature -1 is outside 0..4 (the SAE has 5 features)", Refusal(new AddFeatures([new FeatureValue(-1, 1f)])));
        Assert.Equal("edits[0] (set): value is NaN; values must be finite numbers", Refusal(new SetFeatures(1, float.NaN)));
        Assert.Equal("edits[2] (add): the value of feature 3 is Infinity; values must be finite numbers",
            Refusal(new RemoveFeatures(1), new RemoveFeatures(2), new AddFeatures([new FeatureValue(3, float.PositiveInfinity)])));
        Assert.StartsWith("edits[0] (scale): factor -0.5 is negative: it would turn activations negative, which an SAE code cannot hold",
            Refusal(new ScaleFeatures([1], -0.5f)));
        Assert.Equal("edits[0] (remove): features lists feature 2 twice", Refusal(new RemoveFeatures([2, 1, 2])));
        Assert.Equal("edits[1] (scale): feature 1 would become Infinity",
            Refusal(new SetFeatures(1, 3e38f), new ScaleFeatures([1], 10f)));
        Assert.Equal("edits[0]: missing (null) edit", Refusal([null!]));
    }
}
