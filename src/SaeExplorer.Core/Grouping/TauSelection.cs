using System.Globalization;

namespace SaeExplorer.Core.Grouping;

/// <summary>The selection rule: the largest k whose every cluster reaches tau (k = 1 with a note when none does).</summary>
internal static class TauSelection
{
    public static GroupingSweep Apply(double totalMass, IReadOnlyList<GroupingStep> steps, Tau tau, int[] undirected)
    {
        var threshold = tau.Threshold(totalMass);
        var judged = steps.Select(s => s with { Passes = s.MinMass >= threshold }).ToArray();
        if (judged.Length == 0)
            return new GroupingSweep(totalMass, tau, threshold, judged, 0, NothingToGroup(undirected), undirected);
        var chosen = Array.FindLastIndex(judged, s => s.Passes) + 1;
        string? note = null;
        if (chosen == 0)
        {
            chosen = 1;
            note = string.Create(CultureInfo.InvariantCulture,
                $"no k reaches tau {tau} (mass {threshold:G6}): the total activation mass is only {totalMass:G6}; showing k = 1");
        }
        return new GroupingSweep(totalMass, tau, threshold, judged, chosen, note, undirected);
    }

    private static string NothingToGroup(int[] undirected) => undirected.Length == 0
        ? "no active features: nothing to group"
        : $"no active feature has a decoder direction (all {undirected.Length} decoder rows are zero): nothing to group";
}
