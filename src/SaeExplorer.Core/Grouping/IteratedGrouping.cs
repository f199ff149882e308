using SaeExplorer.Core.Sae.Model;

namespace SaeExplorer.Core.Grouping;

/// <summary>
/// Iterated grouping of one image's active features, as Daujotas, "Case Study: Interpreting, Manipulating, and
/// Controlling CLIP With Sparse Autoencoders", 2024, describes it: spherical k-means over the unit decoder directions
/// u_i = d_i / ||d_i||, weighted by the activations a_i, for every k = 1 .. KMax, keeping the best of the restarts for
/// each k, then the largest k whose every group reaches tau.
/// </summary>
/// <remarks>
/// Features are taken in ascending id order whatever the order of the code, so the result depends only on the set of
/// (feature, activation) pairs, the options' seed and the decoder rows, never on the thread count. Active features
/// with an all-zero decoder row have no direction: they are left out of every group (and of the total mass) and
/// listed in <see cref="GroupingSweep.Undirected"/>. No active features at all gives a sweep with no steps,
/// ChosenK 0 and a note, not an exception, so a page can show the note like any other result.
/// </remarks>
public static class IteratedGrouping
{
    /// <exception cref="ArgumentException">Bad options, a non-finite activation, a feature id outside the decoder rows
    /// or repeated, or a decoder row with NaN or infinity.</exception>
    public static GroupingSweep Sweep(SparseCode code, IDecoderRows rows, GroupingOptions? options = null, Tau? tau = null)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(rows);
        options ??= new GroupingOptions();
        options.Validate();
        var (features, activations) = ActiveFeatures(code, rows.FeatureCount);
        var d = rows.Dimension;
        var units = new float[features.Length * d];
        var directed = new List<int>(features.Length);
        var undirected = new List<int>();
        for (var i = 0; i < features.Length; i++)
        {
            // Each row goes to the next free slot; a zero row is left there to be overwritten by the next one.
            var row = units.AsSpan(directed.Count * d, d);
            rows.CopyRow(features[i], row);
            if (UnitDirections.Normalise(row, features[i])) directed.Add(i);
            else undirected.Add(features[i]);
        }
        var n = directed.Count;
        var ids = directed.Select(i => features[i]).ToArray();
        var weights = directed.Select(i => (double)activations[i]).ToArray();
        var total = 0.0;
        foreach (var a in weights) total += a;
        var steps = n == 0 ? [] : Cluster(UnitGram.Compute(units, n, d, options.Threads), ids, weights, total, options);
        return TauSelection.Apply(total, steps, tau ?? Tau.Default, [.. undirected]);
    }

    /// <summary>The active features (a_i &gt; 0) by ascending id.</summary>
    private static (int[] Features, float[] Activations) ActiveFeatures(SparseCode code, int featureCount)
    {
        var pairs = new List<(int Feature, float Activation)>(code.Count);
        for (var i = 0; i < code.Count; i++)
        {
            var (feature, a) = (code.Indices[i], code.Values[i]);
            if (!float.IsFinite(a)) throw new ArgumentException($"feature {feature} has a non-finite activation {a}");
            if ((uint)feature >= (uint)featureCount)
                throw new ArgumentException($"feature {feature} is outside the decoder's {featureCount} rows");
            if (a > 0) pairs.Add((feature, a));
        }
        pairs.Sort((x, y) => x.Feature.CompareTo(y.Feature));
        for (var i = 1; i < pairs.Count; i++)
            if (pairs[i].Feature == pairs[i - 1].Feature) throw new ArgumentException($"feature {pairs[i].Feature} appears twice in the code");
        return (pairs.Select(p => p.Feature).ToArray(), pairs.Select(p => p.Activation).ToArray());
    }

    /// <summary>Every (k, restart) run, spread over threads; the best restart per k (highest objective, ties to the
    /// lowest restart), as a step.</summary>
    private static GroupingStep[] Cluster(float[] gram, int[] ids, double[] weights, double total, GroupingOptions options)
    {
        var kMax = Math.Min(options.KMax, ids.Length);
        var restarts = options.Restarts;
        // k = 1 has a single partition, so its restarts would all agree: it runs once (item 0 is k = 1, restart 0).
        var items = 1 + (kMax - 1) * restarts;
        var runs = new KMeansRun[items];
        Parallel.For(0, items, new ParallelOptions { MaxDegreeOfParallelism = options.Threads },
            () => new SphericalKMeans(gram, weights, kMax),
            (item, _, kmeans) =>
            {
                var slot = items - 1 - item; // largest k first: they cost most
                var (k, restart) = slot == 0 ? (1, 0) : (2 + (slot - 1) / restarts, (slot - 1) % restarts);
                runs[slot] = kmeans.Run(k, GroupingRandom.For(options.Seed, k, restart), options.MaxIterations, options.Tolerance);
                return kmeans;
            },
            _ => { });
        var steps = new GroupingStep[kMax];
        steps[0] = Step(1, runs[0], ids, weights, total);
        for (var k = 2; k <= kMax; k++)
        {
            var first = 1 + (k - 2) * restarts;
            var best = runs[first];
            for (var r = 1; r < restarts; r++)
                if (runs[first + r].Objective > best.Objective) best = runs[first + r];
            steps[k - 1] = Step(k, best, ids, weights, total);
        }
        return steps;
    }

    private static GroupingStep Step(int k, KMeansRun run, int[] ids, double[] weights, double total)
    {
        var clusters = new GroupCluster[k];
        for (var c = 0; c < k; c++)
        {
            var members = Enumerable.Range(0, ids.Length).Where(i => run.Assignment[i] == c).ToArray();
            var mass = 0.0;
            foreach (var i in members) mass += weights[i];
            clusters[c] = new GroupCluster(members.Select(i => ids[i]).ToArray(), members.Select(i => (float)weights[i]).ToArray(),
                mass, total > 0 ? mass / total : 0);
        }
        Array.Sort(clusters, (x, y) => x.Mass != y.Mass ? y.Mass.CompareTo(x.Mass) : x.Features[0].CompareTo(y.Features[0]));
        return new GroupingStep(k, clusters, clusters[^1].Mass, Passes: false, run.Objective);
    }
}
