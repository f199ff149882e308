namespace SaeExplorer.Core.Indexing;

/// <summary>
/// A sparse autoencoder as the index builder sees it: a batched encoder to dense non-negative
/// activations and the decoder's feature directions. Implementations need not be thread-safe;
/// the builder calls them from one thread at a time.
/// </summary>
public interface IFeatureSource
{
    /// <summary>d_in: floats per embedding row.</summary>
    int InputDimension { get; }

    /// <summary>d_sae: features (activations per row, decoder rows).</summary>
    int FeatureCount { get; }

    /// <summary>
    /// Encodes <paramref name="count"/> rows (row-major, count * <see cref="InputDimension"/> floats)
    /// into row-major dense activations (count * <see cref="FeatureCount"/> floats). A feature "fires"
    /// on a row when its activation is &gt; 0.
    /// </summary>
    void EncodeBatch(ReadOnlySpan<float> rows, int count, Span<float> activations);

    /// <summary>
    /// Copies decoder rows <paramref name="firstFeature"/> .. +<paramref name="count"/> (the direction
    /// of each feature, row-major [count, InputDimension]) into <paramref name="destination"/>.
    /// A method rather than a span so a GPU- or fp16-backed model can convert a block at a time.
    /// </summary>
    void CopyDecoderRows(int firstFeature, int count, Span<float> destination);
}
