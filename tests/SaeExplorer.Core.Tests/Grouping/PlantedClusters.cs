namespace SaeExplorer.Core.Tests.Grouping;

/// <summary>
/// Synthetic decoder rows with planted groups (linked into the benchmark too): each group is a random unit centre
/// in d dimensions, each member the centre plus Gaussian noise of norm about <c>noise</c>, scaled to a random length
/// in [0.5, 2] (decoder rows are not unit). Activations are log-normal (sigma 0.75) times the group's scale, the
/// heavy-tailed spread of real SAE codes. Feature ids are 0 .. n-1 with the groups interleaved, so a group's
/// members are not neighbours in id order.
/// </summary>
internal sealed record PlantedClusters(float[][] Rows, float[] Activations, int[] Truth)
{
    public static PlantedClusters Create(int[] sizes, double[] activationScales, int dimension, double noise, int seed)
    {
        var random = new Random(seed);
        var centres = sizes.Select(_ => Unit(Gaussian(random, dimension))).ToArray();
        var order = sizes.SelectMany((size, g) => Enumerable.Repeat(g, size)).OrderBy(_ => random.Next()).ToArray();
        var rows = new float[order.Length][];
        var activations = new float[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            var g = order[i];
            var length = 0.5 + 1.5 * random.NextDouble();
            var jitter = Gaussian(random, dimension);
            rows[i] = centres[g].Select((c, j) => (float)(length * (c + noise * jitter[j] / Math.Sqrt(dimension)))).ToArray();
            activations[i] = (float)(activationScales[g] * Math.Exp(0.75 * Gaussian(random, 1)[0]));
        }
        return new PlantedClusters(rows, activations, order);
    }

    /// <summary>The planted partition as sorted member lists, sorted by first member.</summary>
    public int[][] TruthPartition() => Partition(Truth);

    /// <summary>Any assignment (cluster index per feature id) as sorted member lists, sorted by first member.</summary>
    public static int[][] Partition(int[] assignment) =>
        assignment.Select((c, i) => (c, i)).GroupBy(p => p.c).Select(g => g.Select(p => p.i).Order().ToArray())
            .OrderBy(m => m[0]).ToArray();

    private static double[] Gaussian(Random random, int count) => Enumerable.Range(0, count)
        .Select(_ => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())).ToArray();

    private static double[] Unit(double[] v)
    {
        var norm = Math.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }
}
