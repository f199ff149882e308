using System.Globalization;
using SaeExplorer.Core.Grouping;

namespace SaeExplorer.Web.Services.Grouping;

/// <summary>
/// The sweep settings an image page shows, as they travel in its query string (kmax, restarts, tau and the k shown), so
/// a reload or a pasted link shows exactly the same view. Values from a URL are untrusted: out-of-range or unreadable
/// ones fall back to the default (<see cref="GroupingOptions"/>'s) with a message saying so.
/// </summary>
public sealed record GroupingSettings(int KMax, int Restarts, Tau Tau)
{
    public const int MaxKMax = 50;
    public const int MaxRestarts = 32;

    private static readonly GroupingOptions Defaults = new();

    public static GroupingSettings Default { get; } = new(Defaults.KMax, Defaults.Restarts, Tau.Default);

    public GroupingOptions Options => new() { KMax = KMax, Restarts = Restarts };

    /// <summary>The query parameters of this state, with the k shown when one was picked.</summary>
    public (string Name, string? Value)[] QueryWith(int? k) =>
    [
        ("kmax", KMax.ToString(CultureInfo.InvariantCulture)),
        ("restarts", Restarts.ToString(CultureInfo.InvariantCulture)),
        ("tau", Tau.ToString()),
        ("k", k?.ToString(CultureInfo.InvariantCulture)),
    ];

    /// <summary>The settings and k a query asks for, and a message for every value that was refused.</summary>
    public static (GroupingSettings Settings, int? K, IReadOnlyList<string> Problems) FromQuery(string? kmax, string? restarts, string? tau, string? k)
    {
        var problems = new List<string>();
        var kMax = Whole(kmax, "kmax", 1, MaxKMax, Default.KMax, problems);
        var runs = Whole(restarts, "restarts", 1, MaxRestarts, Default.Restarts, problems);
        var threshold = Tau.Default;
        if (!string.IsNullOrWhiteSpace(tau))
        {
            try
            {
                threshold = Tau.Parse(tau);
            }
            catch (FormatException e)
            {
                problems.Add($"{e.Message}; using {Tau.Default}.");
            }
        }
        int? shown = string.IsNullOrWhiteSpace(k) ? null : Whole(k, "k", 1, kMax, 0, problems) is var v and > 0 ? v : null;
        return (new GroupingSettings(kMax, runs, threshold), shown, problems);
    }

    private static int Whole(string? text, string name, int min, int max, int fallback, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            problems.Add($"{name} '{text}' is not a whole number; {Fallback(name, fallback)}.");
            return fallback;
        }
        if (value < min || value > max)
        {
            problems.Add($"{name} = {value} is outside {min}..{max}; {Fallback(name, fallback)}.");
            return fallback;
        }
        return value;
    }

    private static string Fallback(string name, int fallback) => name == "k" ? "showing the chosen k" : $"using {fallback}";
}
