using SaeExplorer.Core.Steering;
using SaeExplorer.Web.Services.Steering;

namespace SaeExplorer.Web.Tests.Steering;

public class SteeringKnobsTests
{
    private static readonly int[] Group = [9, 4, 12];

    [Fact]
    public void AKnobIsKeyedByItsFeatureSetInAnyOrderAndReplacesItsOneEdit()
    {
        var knobs = SteeringKnobs.Empty.WithFactor(Group, 0.5f).WithFactor([4, 12, 9], 1.5f);

        var edit = Assert.IsType<ScaleFeatures>(Assert.Single(knobs.Edits.Edits));
        Assert.Equal([4, 9, 12], edit.Features);
        Assert.Equal(new KnobState(KnobKind.Scale, 1.5f), knobs.For([12, 9, 4]));
    }

    [Fact]
    public void AFactorOfOneOrAResetReturnsTheKnobToUntouched()
    {
        Assert.True(SteeringKnobs.Empty.WithFactor(Group, 0.3f).WithFactor(Group, 1f).IsEmpty);
        Assert.True(SteeringKnobs.Empty.Removed(Group).Reset(Group).IsEmpty);
        Assert.Equal(KnobState.Untouched, SteeringKnobs.Empty.For(Group));
    }

    [Theory]
    [InlineData(-3f, 0f)]
    [InlineData(5f, SteeringKnobs.MaxFactor)]
    public void FactorsAreClampedToTheSliderRange(float asked, float kept) =>
        Assert.Equal(new KnobState(KnobKind.Scale, kept), SteeringKnobs.Empty.WithFactor(Group, asked).For(Group));

    [Fact]
    public void ANonFiniteFactorLeavesTheKnobUntouched() =>
        Assert.True(SteeringKnobs.Empty.WithFactor(Group, float.NaN).IsEmpty);

    [Fact]
    public void ValuesAreClampedAndNonFiniteOnesBecomeZero()
    {
        Assert.Equal(SteeringKnobs.MaxValue, SteeringKnobs.Empty.WithValue(Group, 1e9f).For(Group).Value);
        Assert.Equal(0f, SteeringKnobs.Empty.WithValue(Group, -2f).For(Group).Value);
        Assert.Equal(0f, SteeringKnobs.Empty.WithValue(Group, float.PositiveInfinity).For(Group).Value);
    }

    [Fact]
    public void KnobsKeepTheOrderTheyWereFirstTouchedIn()
    {
        var knobs = SteeringKnobs.Empty.WithFactor([1], 0.5f).Removed([2]).WithValue([1], 3f);

        Assert.Equal(["set", "remove"], knobs.Edits.Edits.Select(e => e.Op));
    }

    [Fact]
    public void AnAdditionFromTheSameSourceReplacesTheEarlierOne()
    {
        var knobs = SteeringKnobs.Empty
            .WithAdded([new FeatureValue(7, 1f)], "g-aaa")
            .WithAdded([new FeatureValue(8, 2f)], "g-bbb")
            .WithAdded([new FeatureValue(7, 5000f)], "g-aaa");

        Assert.Equal(["g-aaa", "g-bbb"], knobs.Additions.Select(a => a.Source));
        Assert.Equal(SteeringKnobs.MaxValue, knobs.Additions.First().Features.Single().Value);
    }

    [Fact]
    public void EditsNoShownKnobTurnsAreListedAsUnmatched()
    {
        var knobs = SteeringKnobs.Empty.WithFactor(Group, 0.5f).Removed([77]).WithAdded([new FeatureValue(3, 1f)], "x");

        var unmatched = Assert.Single(knobs.Unmatched([[4, 9, 12]]));
        Assert.Equal([77], Assert.IsType<RemoveFeatures>(unmatched).Features);
        Assert.Equal(2, knobs.Without(unmatched).Count);
    }

    [Fact]
    public void AnAddressBeyondTheRangesIsClampedWithAMessagePerClamp()
    {
        var (list, _) = EditsQuery.Parse("scale:4*7;set:5=2000;add:6=1e5");

        var (knobs, problems) = SteeringKnobs.From(list);

        Assert.Equal(SteeringKnobs.MaxFactor, knobs.For([4]).Factor);
        Assert.Equal(SteeringKnobs.MaxValue, knobs.For([5]).Value);
        Assert.Equal(3, problems.Count);
        Assert.Contains("Edit 1's factor 7 is above 2; clamped to 2.", problems);
    }

    [Fact]
    public void TheQueryReadsPureAndComplainsAboutAnythingElse()
    {
        Assert.False(SteeringQuery.Parse("remove:1", SteeringQuery.Pure).KeepError);
        var (knobs, keep, problems) = SteeringQuery.Parse("remove:1", "<x>");
        Assert.True(keep);
        Assert.Equal(1, knobs.Count);
        Assert.Contains(problems, p => p.Contains("'<x>' is not understood"));
    }
}
