namespace SaeExplorer.Core.Grouping;

/// <summary>
/// The best of the restarts for one k: its clusters by mass descending (ties: smallest first feature id), the
/// smallest cluster mass, whether it reaches tau (MinMass &gt;= threshold; equal passes), and the weighted objective
/// sum_i a_i cos(u_i, centroid of its cluster).
/// </summary>
public sealed record GroupingStep(int K, IReadOnlyList<GroupCluster> Clusters, double MinMass, bool Passes, double Objective)
{
    /// <summary>Position in <see cref="Clusters"/> of the cluster holding <paramref name="feature"/>; -1 when it is in none.</summary>
    public int ClusterOf(int feature)
    {
        for (var c = 0; c < Clusters.Count; c++)
            if (Array.BinarySearch(Clusters[c].Features, feature) >= 0) return c;
        return -1;
    }
}
