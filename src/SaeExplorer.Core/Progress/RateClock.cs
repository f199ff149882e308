using System.Diagnostics;

namespace SaeExplorer.Core.Progress;

/// <summary>
/// Turns (done, total) counts into <see cref="WorkProgress"/> with a rate measured from the first count it sees, so work
/// a checkpoint gave back is not counted as speed. One per step; not thread-safe.
/// </summary>
public sealed class RateClock
{
    private readonly Stopwatch _clock = new();
    private long _doneAtStart = -1;

    public WorkProgress Next(long done, long total)
    {
        if (_doneAtStart < 0)
        {
            _doneAtStart = done;
            _clock.Start();
        }
        double seconds = _clock.Elapsed.TotalSeconds;
        double rate = seconds > 0 && done > _doneAtStart ? (done - _doneAtStart) / seconds : 0;
        return new WorkProgress(done, total, rate);
    }
}
