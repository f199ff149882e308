using System.Text.RegularExpressions;

namespace SaeExplorer.Data.Labels;

/// <summary>Where a label came from: "human" (a person wrote it) or "autointerp:&lt;method&gt;" (an automatic naming run).</summary>
public static partial class LabelSource
{
    public const string Human = "human";

    public static string Autointerp(string method) => Checked($"autointerp:{method}");

    /// <summary>The source as stored; null or blank is "human".</summary>
    public static string Checked(string? source)
    {
        var clean = string.IsNullOrWhiteSpace(source) ? Human : source.Trim();
        if (clean == Human || AutointerpSource().IsMatch(clean)) return clean;
        throw new LabelInputException($"A label's source is 'human' or 'autointerp:<method>' (method in lower-case letters, digits, '.', '_' or '-'); '{clean}' is neither.");
    }

    /// <summary>A score must be a finite number (NaN cannot be ranked).</summary>
    public static double? CheckedScore(double? score) => score is { } s && !double.IsFinite(s)
        ? throw new LabelInputException($"A label's score must be a finite number; got {s}.")
        : score;

    [GeneratedRegex("^autointerp:[a-z0-9][a-z0-9._-]{0,47}$")]
    private static partial Regex AutointerpSource();
}
