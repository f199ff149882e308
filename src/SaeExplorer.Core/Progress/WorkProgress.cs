namespace SaeExplorer.Core.Progress;

/// <summary>
/// How far a long step is, how fast it goes and how long it has left: what every long step (encoding a corpus,
/// nearest features, the nearest-image index) reports, and what `saex` and the home card print. The rate counts only
/// the work done in this run, so a resumed step does not look faster for the part a checkpoint gave it.
/// </summary>
/// <param name="Done">Units done (rows, features), the part resumed from a checkpoint included.</param>
/// <param name="Total">Units in all.</param>
/// <param name="PerSecond">Units per second over this run; 0 until some time has passed.</param>
public readonly record struct WorkProgress(long Done, long Total, double PerSecond)
{
    /// <summary>Share done, 0 to 1 (0 when the total is not known yet).</summary>
    public double Fraction => Total > 0 ? Math.Clamp((double)Done / Total, 0, 1) : 0;

    /// <summary>Time left at the current rate; null until there is a rate.</summary>
    public TimeSpan? Remaining => PerSecond > 0 && Total >= Done ? TimeSpan.FromSeconds((Total - Done) / PerSecond) : null;

    /// <summary>"412,160/1,000,000 rows, 612 rows/s, 16:01 left".</summary>
    public string Describe(string unit)
    {
        string left = Remaining is { } r ? $"{(int)r.TotalHours}:{r.Minutes:00}:{r.Seconds:00} left" : "time left not known yet";
        return FormattableString.Invariant($"{Done:N0}/{Total:N0} {unit}, {PerSecond:N0} {unit}/s, {left}");
    }
}
