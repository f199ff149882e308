using System.Diagnostics;
using SaeExplorer.Core.Indexing;
using Spectre.Console;

namespace SaeExplorer.Cli;

/// <summary>
/// Long steps' progress as plain lines (units done, rate, time left), at most one per <see cref="Every"/> and one at
/// each change of step: readable in a terminal and in a log file alike, where a redrawn bar would leave nothing.
/// Reports arrive on the working thread.
/// </summary>
public sealed class ProgressLines : IProgress<IndexBuildProgress>
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(10);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _last = TimeSpan.MinValue;
    private IndexBuildProgress? _latest;

    public void Report(IndexBuildProgress value)
    {
        bool stepChanged = _latest is not { } before || before.Step != value.Step;
        if (stepChanged && _latest is { } finished)
            Print(finished);
        _latest = value;
        if (stepChanged || _clock.Elapsed - _last >= Every)
            Print(value);
    }

    /// <summary>Prints the last report, so the log ends on the final count.</summary>
    public void Finish()
    {
        if (_latest is { } last)
            Print(last);
    }

    private void Print(IndexBuildProgress value)
    {
        _last = _clock.Elapsed;
        AnsiConsole.MarkupLineInterpolated($"[grey]{_clock.Elapsed:hh\\:mm\\:ss}[/] {value}");
    }
}
