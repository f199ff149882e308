using System.Numerics.Tensors;

namespace SaeExplorer.Core.Grouping;

/// <summary>A group of image A matched with a group of image B, and the cosine of their centroids.</summary>
public sealed record GroupPair(int A, int B, double Cosine);

/// <summary>Which groups two images share (by centroid direction) and which are their own.</summary>
public sealed record GroupComparison(IReadOnlyList<GroupPair> Shared, IReadOnlyList<int> OnlyA, IReadOnlyList<int> OnlyB, double Threshold);

/// <summary>
/// Compares the groupings of two images. A group's centroid is the normalised activation-weighted sum of its members'
/// unit decoder directions (the spherical k-means centroid). Two groups are shared when their centroids' cosine is at
/// least <see cref="DefaultThreshold"/>; pairs are taken best first, each group in at most one pair. 0.5 (60 degrees):
/// groups that share a feature or its close neighbours land far above it (a shared feature alone gives roughly its
/// mass share of each group), while unrelated groups of an SAE's near-orthogonal directions sit near 0.
/// </summary>
public static class GroupMatching
{
    public const double DefaultThreshold = 0.5;

    public static GroupComparison Compare(GroupingStep a, GroupingStep b, IDecoderRows rows, double threshold = DefaultThreshold)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(rows);
        var ca = a.Clusters.Select(c => Centroid(c, rows)).ToArray();
        var cb = b.Clusters.Select(c => Centroid(c, rows)).ToArray();
        var candidates = new List<GroupPair>();
        for (var i = 0; i < ca.Length; i++)
            for (var j = 0; j < cb.Length; j++)
            {
                var cos = TensorPrimitives.Dot(ca[i], cb[j]);
                if (cos >= threshold) candidates.Add(new GroupPair(i, j, cos));
            }
        var usedA = new HashSet<int>();
        var usedB = new HashSet<int>();
        var shared = new List<GroupPair>();
        foreach (var pair in candidates.OrderByDescending(p => p.Cosine).ThenBy(p => p.A).ThenBy(p => p.B))
            if (!usedA.Contains(pair.A) && !usedB.Contains(pair.B))
            {
                usedA.Add(pair.A);
                usedB.Add(pair.B);
                shared.Add(pair);
            }
        return new GroupComparison(shared.OrderBy(p => p.A).ToList(),
            Enumerable.Range(0, ca.Length).Where(i => !usedA.Contains(i)).ToList(),
            Enumerable.Range(0, cb.Length).Where(j => !usedB.Contains(j)).ToList(), threshold);
    }

    /// <summary>The unit centroid: sum_i a_i u_i, normalised (zero when the group has no direction).</summary>
    public static float[] Centroid(GroupCluster cluster, IDecoderRows rows)
    {
        var sum = new float[rows.Dimension];
        var row = new float[rows.Dimension];
        for (var i = 0; i < cluster.Features.Length; i++)
        {
            rows.CopyRow(cluster.Features[i], row);
            var norm = TensorPrimitives.Norm(row);
            if (norm > 0) TensorPrimitives.MultiplyAdd(row, cluster.Activations[i] / norm, sum, sum);
        }
        var length = TensorPrimitives.Norm(sum);
        if (length > 0) TensorPrimitives.Divide(sum, length, sum);
        return sum;
    }
}
