using System.Numerics.Tensors;
using SaeExplorer.Core.Sae.Model;

namespace SaeExplorer.Core.Grouping;

/// <summary>One group of an image's active features: feature ids ascending with their activations, its activation
/// mass m(C) = sum a_i and that mass as a share of the image's total.</summary>
public sealed record GroupCluster(int[] Features, float[] Activations, double Mass, double Share)
{
    public int Count => Features.Length;

    /// <summary>The members strongest first, ties by feature id: the one order every view of a group lists them in.</summary>
    public IEnumerable<(int Feature, float Activation)> Strongest() =>
        Features.Zip(Activations).OrderByDescending(m => m.Second).ThenBy(m => m.First).Select(m => (m.First, m.Second));

    /// <summary>The group's decoded direction sum_i a_i d_i (float32, the SAE's input space before any input
    /// normalisation is undone), e.g. to search the corpus with.</summary>
    public float[] Direction(IDecoderRows rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var direction = new float[rows.Dimension];
        var row = new float[rows.Dimension];
        for (var i = 0; i < Features.Length; i++)
        {
            rows.CopyRow(Features[i], row);
            TensorPrimitives.FusedMultiplyAdd(row, Activations[i], direction, direction);
        }
        return direction;
    }

    /// <inheritdoc cref="Direction(IDecoderRows)"/>
    public float[] Direction(SparseAutoencoder sae) => Direction(new SaeDecoderRows(sae));
}
