using System.Numerics.Tensors;

namespace SaeExplorer.Scale;

/// <summary>
/// The atoms (unit Gaussian directions, one per feature, each from its own seeded stream) and the corpus mean of a
/// <see cref="ScaleSpec"/>. Features x dimension floats: the size of one SAE weight matrix, the largest thing the
/// generator holds.
/// </summary>
internal sealed class SyntheticDictionary
{
    private const ulong AtomStream = 1, MeanStream = 2;

    public SyntheticDictionary(ScaleSpec spec)
    {
        Spec = spec;
        int d = spec.Dimension;
        Atoms = new float[(long)spec.Features * d];
        Parallel.For(0, spec.Features, j => Gaussian(SplitMix.For(spec.Seed, AtomStream, (ulong)j), Atoms.AsSpan(j * d, d), 1f));
        Mean = new float[d];
        Gaussian(SplitMix.For(spec.Seed, MeanStream, 0), Mean, ScaleSpec.MeanNorm);
    }

    public ScaleSpec Spec { get; }

    /// <summary>Row-major [features, dimension], each row of length 1.</summary>
    public float[] Atoms { get; }

    public float[] Mean { get; }

    public ReadOnlySpan<float> Atom(int feature) => Atoms.AsSpan(feature * Spec.Dimension, Spec.Dimension);

    private static void Gaussian(SplitMix g, Span<float> into, float norm)
    {
        for (int i = 0; i < into.Length; i++)
            into[i] = (float)g.NextGaussian();
        TensorPrimitives.Multiply(into, norm / TensorPrimitives.Norm(into), into);
    }
}
