using System.Diagnostics;
using SaeExplorer.Core.Indexing;
using SaeExplorer.Core.Progress;
using Spectre.Console;

namespace SaeExplorer.Cli;

/// <summary>
/// Long steps' progress as plain lines (units done, rate, time left), at most one per <see cref="Every"/> and one at
/// each change of step: readable in a terminal and in a log file alike, where a redrawn bar would leave nothing.
/// Reports arrive on the working thread.
/// </summary>
/// <param name="label">What a bare <see cref="WorkProgress"/> counts, e.g. "nearest-image index" (its units are rows).</param>
public sealed class ProgressLines(string label = "") : IProgress<IndexBuildProgress>, IProgress<WorkProgress>
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(10);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _last;
    private (object Step, string Text)? _latest;

    public void Report(IndexBuildProgress value)
    {
        // A step whose first report already has work done took it from a checkpoint: say so once, before its first line.
        if (_latest is not { } before || !before.Step.Equals(value.Step))
        {
            if (value.Work.Done > 0)
                Print(FormattableString.Invariant($"{value.Step.Describe()} resumed: {value.Work.Done:N0} of {value.Work.Total:N0} were already done"));
        }
        Report(value.Step, value.ToString());
    }

    public void Report(WorkProgress value) => Report(label, $"{label} {value.Describe("rows")}");

    private void Report(object step, string text)
    {
        bool stepChanged = _latest is not { } before || !before.Step.Equals(step);
        if (stepChanged && _latest is { } finished)
            Print(finished.Text);
        _latest = (step, text);
        if (stepChanged || _clock.Elapsed - _last >= Every)
            Print(text);
    }

    /// <summary>Prints the last report, so the log ends on the final count.</summary>
    public void Finish()
    {
        if (_latest is { } last)
            Print(last.Text);
    }

    private void Print(string text)
    {
        _last = _clock.Elapsed;
        AnsiConsole.MarkupLineInterpolated($"[grey]{_clock.Elapsed:hh\\:mm\\:ss}[/] {text}");
    }
}
