using SaeExplorer.Core.Grouping;
using SaeExplorer.Core.Sae.Model;

namespace SaeExplorer.Core.Tests.Grouping;

/// <summary>Builds the Sweep's inputs from plain arrays: feature i has decoder row rows[i] and activation activations[i].</summary>
internal static class GroupingInput
{
    public static SparseCode Code(float[] activations) => SparseCode.FromDense(activations);

    public static GroupingSweep Sweep(float[][] rows, float[] activations, GroupingOptions? options = null, Tau? tau = null) =>
        IteratedGrouping.Sweep(Code(activations), new ArrayDecoderRows(rows), options, tau);

    public static GroupingSweep Sweep(PlantedClusters data, GroupingOptions? options = null, Tau? tau = null) =>
        Sweep(data.Rows, data.Activations, options, tau);

    /// <summary>A step's clusters as sorted member lists, sorted by first member (comparable with PlantedClusters.Partition).</summary>
    public static int[][] Partition(GroupingStep step) => step.Clusters.Select(c => c.Features).OrderBy(f => f[0]).ToArray();

    /// <summary>Unit vector along axis <paramref name="axis"/> of <paramref name="dimension"/>.</summary>
    public static float[] Axis(int axis, int dimension, float length = 1)
    {
        var v = new float[dimension];
        v[axis] = length;
        return v;
    }

    /// <summary>Every number of a sweep in round-trip form, to compare two sweeps bit for bit.</summary>
    public static string Fingerprint(GroupingSweep sweep) => string.Join("\n", sweep.Steps.Select(s =>
        $"{s.K}|{s.Objective:R}|{s.MinMass:R}|{s.Passes}|" + string.Join(";", s.Clusters.Select(c =>
            $"{string.Join(",", c.Features)}:{c.Mass:R}:{c.Share:R}")))) + $"\nchosen {sweep.ChosenK} total {sweep.TotalMass:R}";
}
