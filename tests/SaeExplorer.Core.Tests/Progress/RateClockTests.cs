using SaeExplorer.Core.Progress;

namespace SaeExplorer.Core.Tests.Progress;

public class RateClockTests
{
    [Fact]
    public void TimeLeftIsTheWorkLeftOverTheRate()
    {
        var p = new WorkProgress(250, 1000, 50);
        Assert.Equal(TimeSpan.FromSeconds(15), p.Remaining);
        Assert.Equal(0.25, p.Fraction);
        Assert.Equal("250/1,000 rows, 50 rows/s, 0:00:15 left", p.Describe("rows"));
        Assert.Null(new WorkProgress(250, 1000, 0).Remaining);
    }

    [Fact]
    public void TheRateLeavesOutWhatACheckpointGaveBack()
    {
        var clock = new RateClock();
        WorkProgress first = clock.Next(900, 1000); // resumed at 900: nothing done in this run yet
        Assert.Equal(0, first.PerSecond);
        Thread.Sleep(50);
        WorkProgress next = clock.Next(910, 1000);
        Assert.InRange(next.PerSecond, 1, 10 / 0.05);
    }
}
