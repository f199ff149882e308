using FsCheck.Xunit;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Services.Preparation;

namespace SaeExplorer.Web.Tests.Home;

public class PreparationSnapshotTests
{
    private static PreparationSnapshot At(int done, int total, double seconds) =>
        new("demo", WorkspaceState.Preparing, "encode", 1, 1, done, total, TimeSpan.FromSeconds(seconds), null);

    [Fact]
    public void RemainingIsUnknownBeforeAnythingIsDone() => Assert.Null(At(0, 100, 3).Remaining);

    [Fact]
    public void RemainingExtrapolatesThePaceSoFar() =>
        Assert.Equal(TimeSpan.FromSeconds(30), At(25, 100, 10).Remaining); // 0.4 s each, 75 left

    [Fact]
    public void TheRateIsItemsDoneOverTimeSpentAndUnknownBeforeAnyIsDone()
    {
        Assert.Equal(2.5, At(25, 100, 10).PerSecond);
        Assert.Null(At(0, 100, 3).PerSecond);
        Assert.Null(At(5, 100, 0).PerSecond);
    }

    [Property]
    public bool FractionStaysWithinZeroAndOne(int done, int total) =>
        PreparationSnapshot.Fraction(done, total) is >= 0 and <= 1;
}
