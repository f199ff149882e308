namespace SaeExplorer.Core.Grouping;

/// <summary>
/// How features move between groups across k, for a membership view: every step's clusters get a colour that follows
/// the same group from k - 1 to k (each cluster of k takes the colour of the cluster of k - 1 it shares most mass with,
/// largest overlaps first; a cluster that takes no colour gets the next new one). A feature that keeps its colour across
/// k belongs to a stable group. Colours are numbers here; the pages map each to a hue.
/// </summary>
public static class GroupMembership
{
    /// <summary>Colours[k - 1][c] is the colour of cluster c of step k (colours count from 0).</summary>
    public static int[][] StableColours(IReadOnlyList<GroupingStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var colours = new int[steps.Count][];
        var next = 0;
        for (var s = 0; s < steps.Count; s++)
        {
            var clusters = steps[s].Clusters;
            colours[s] = Enumerable.Repeat(-1, clusters.Count).ToArray();
            if (s == 0)
            {
                for (var c = 0; c < clusters.Count; c++) colours[s][c] = next++;
                continue;
            }
            var previous = steps[s - 1].Clusters;
            var overlaps = new List<(double Mass, int Cluster, int Previous)>();
            for (var c = 0; c < clusters.Count; c++)
                for (var p = 0; p < previous.Count; p++)
                    if (SharedMass(clusters[c], previous[p]) is var m and > 0) overlaps.Add((m, c, p));
            var taken = new HashSet<int>();
            foreach (var (_, c, p) in overlaps.OrderByDescending(o => o.Mass).ThenBy(o => o.Cluster).ThenBy(o => o.Previous))
            {
                if (colours[s][c] >= 0 || !taken.Add(colours[s - 1][p])) continue;
                colours[s][c] = colours[s - 1][p];
            }
            for (var c = 0; c < clusters.Count; c++)
                if (colours[s][c] < 0) colours[s][c] = next++;
        }
        return colours;
    }

    /// <summary>Activation mass of the features both clusters hold (their feature lists are ascending).</summary>
    private static double SharedMass(GroupCluster a, GroupCluster b)
    {
        double mass = 0;
        for (int i = 0, j = 0; i < a.Features.Length && j < b.Features.Length;)
        {
            if (a.Features[i] == b.Features[j]) { mass += a.Activations[i]; i++; j++; }
            else if (a.Features[i] < b.Features[j]) i++;
            else j++;
        }
        return mass;
    }
}
