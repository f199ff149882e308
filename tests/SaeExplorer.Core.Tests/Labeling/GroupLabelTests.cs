using SaeExplorer.Core.Labeling;

namespace SaeExplorer.Core.Tests.Labeling;

/// <summary>A group's label from its members' names, weighted by activation, worked by hand.</summary>
public class GroupLabelTests
{
    private static GroupLabel.Member M(string? name, double activation) => new(name, activation);

    [Fact]
    public void NamesAreOrderedByTheActivationTheyCarry()
    {
        // total 10: fish 3 + 2 = 5 (50%), water 3 (30%), coral 1 (10%, under 20%), one unnamed member 1
        var label = GroupLabel.Of([M("fish", 3), M("water", 3), M("Fish", 2), M("coral", 1), M(null, 1)]);
        Assert.Equal("fish, water", label);
    }

    [Fact]
    public void UnnamedMembersCountInTheWholeSoAWeakNameDoesNotNameAStrongGroup()
    {
        // "sound" names a member of activation 1 in a group of 10: 10% of it, under the 20% a name needs
        Assert.Null(GroupLabel.Of([M(null, 5), M(null, 4), M("sound", 1)]));
        // exactly 20% is enough
        Assert.Equal("sound", GroupLabel.Of([M(null, 4), M("sound", 1)]));
    }

    [Fact]
    public void AGroupWithoutNamesIsUnlabelled()
    {
        Assert.Null(GroupLabel.Of([M(null, 2), M(" ", 3)]));
        Assert.Null(GroupLabel.Of([]));
        Assert.Null(GroupLabel.Of([M("fish", 0)]));
    }

    [Fact]
    public void AtMostThreeNamesAndTiesGoToTheOrdinalFirst()
    {
        var label = GroupLabel.Of([M("d", 1), M("c", 1), M("b", 1), M("a", 1)], minimumShare: 0.1);
        Assert.Equal("a, b, c", label);
    }

    [Fact]
    public void TheSpellingIsTheStrongestMembers()
    {
        Assert.Equal("Angelfish", GroupLabel.Of([M("angelfish", 1), M("Angelfish", 2)]));
    }
}
