using SaeExplorer.Core.Grouping;

namespace SaeExplorer.Core.Tests.Grouping;

/// <summary>
/// The textbook form of the grouping of Daujotas, "Case Study: Interpreting, Manipulating, and Controlling CLIP With
/// Sparse Autoencoders", 2024, written once for the tests and the benchmark (linked into both):
/// weighted spherical Lloyd's iterations with explicit d-dimensional centroids, cosines as d-long dot products in
/// double, the same seeding rule and random streams, the same refill of empty clusters and the same stopping rule
/// as <see cref="IteratedGrouping"/>, but none of its Gram-matrix algebra.
/// </summary>
internal static class DSpaceLloydReference
{
    /// <summary>The best restart for one k: each point's cluster and the objective sum_i a_i cos(u_i, centroid).</summary>
    public sealed record Step(int K, int[] Assignment, double Objective);

    /// <param name="directions">Decoder rows of the active features in ascending feature id order (non-zero).</param>
    public static Step[] Sweep(float[][] directions, float[] activations, GroupingOptions options)
    {
        var units = directions.Select(Unit).ToArray();
        var weights = activations.Select(a => (double)a).ToArray();
        var kMax = Math.Min(options.KMax, units.Length);
        var steps = new Step[kMax];
        for (var k = 1; k <= kMax; k++)
        {
            Step? best = null;
            for (var restart = 0; restart < options.Restarts; restart++)
            {
                var (assignment, objective) = Run(units, weights, k, GroupingRandom.For(options.Seed, k, restart), options);
                if (best is null || objective > best.Objective) best = new Step(k, assignment, objective);
            }
            steps[k - 1] = best!;
        }
        return steps;
    }

    private static (int[] Assignment, double Objective) Run(double[][] u, double[] a, int k, GroupingRandom random, GroupingOptions options)
    {
        var n = u.Length;
        var assignment = Seed(u, a, k, random);
        var centroids = Centroids(u, a, assignment, k);
        var objective = Objective(u, a, assignment, centroids);
        for (var iteration = 0; iteration < options.MaxIterations; iteration++)
        {
            var best = new double[n];
            var moved = false;
            for (var m = 0; m < n; m++)
            {
                var cluster = 0;
                best[m] = Dot(u[m], centroids[0]);
                for (var c = 1; c < k; c++)
                {
                    var cos = Dot(u[m], centroids[c]);
                    if (cos > best[m]) { best[m] = cos; cluster = c; }
                }
                moved |= cluster != assignment[m];
                assignment[m] = cluster;
            }
            for (var c = 0; c < k; c++)
            {
                if (assignment.Contains(c)) continue;
                var worst = -1;
                for (var m = 0; m < n; m++)
                    if (assignment.Count(x => x == assignment[m]) > 1 && (worst < 0 || best[m] < best[worst])) worst = m;
                assignment[worst] = c;
                best[worst] = double.PositiveInfinity;
                moved = true;
            }
            if (!moved) break;
            centroids = Centroids(u, a, assignment, k);
            var next = Objective(u, a, assignment, centroids);
            var gain = next - objective;
            objective = next;
            if (gain < options.Tolerance * Math.Abs(objective)) break;
        }
        return (assignment, objective);
    }

    /// <summary>Weighted k-means++: a_i for the first seed, then a_i (1 - max cos to the seeds); lowest free index when all are 0.</summary>
    private static int[] Seed(double[][] u, double[] a, int k, GroupingRandom random)
    {
        var n = u.Length;
        var assignment = new int[n];
        var isSeed = new bool[n];
        var first = random.PickWeighted(a, a.Sum());
        isSeed[first] = true;
        var maxCos = u.Select(x => Dot(x, u[first])).ToArray();
        for (var c = 1; c < k; c++)
        {
            var w = Enumerable.Range(0, n).Select(m => isSeed[m] ? 0 : a[m] * Math.Max(0, 1 - maxCos[m])).ToArray();
            var total = w.Sum();
            var seed = total > 0 ? random.PickWeighted(w, total) : Array.IndexOf(isSeed, false);
            isSeed[seed] = true;
            for (var m = 0; m < n; m++)
            {
                var cos = Dot(u[seed], u[m]);
                if (cos > maxCos[m]) { maxCos[m] = cos; assignment[m] = c; }
            }
            assignment[seed] = c;
        }
        return assignment;
    }

    /// <summary>Normalised weighted sums; a cluster with a zero sum gets the zero vector (cosine 0 with everything).</summary>
    private static double[][] Centroids(double[][] u, double[] a, int[] assignment, int k)
    {
        var d = u[0].Length;
        var centroids = Enumerable.Range(0, k).Select(_ => new double[d]).ToArray();
        for (var m = 0; m < u.Length; m++)
            for (var j = 0; j < d; j++) centroids[assignment[m]][j] += a[m] * u[m][j];
        foreach (var c in centroids)
        {
            var norm = Math.Sqrt(Dot(c, c));
            if (norm > 0) for (var j = 0; j < d; j++) c[j] /= norm;
        }
        return centroids;
    }

    private static double Objective(double[][] u, double[] a, int[] assignment, double[][] centroids) =>
        Enumerable.Range(0, u.Length).Sum(m => a[m] * Dot(u[m], centroids[assignment[m]]));

    private static double[] Unit(float[] d)
    {
        var norm = Math.Sqrt(d.Sum(v => (double)v * v));
        return d.Select(v => v / norm).ToArray();
    }

    private static double Dot(double[] x, double[] y)
    {
        var s = 0.0;
        for (var j = 0; j < x.Length; j++) s += x[j] * y[j];
        return s;
    }
}
