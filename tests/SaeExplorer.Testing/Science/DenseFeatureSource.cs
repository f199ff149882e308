using System.Numerics.Tensors;
using SaeExplorer.Core.Indexing;

namespace SaeExplorer.Testing;

/// <summary>
/// A plain managed ReLU SAE: f = max(0, x W_enc + b_enc), with W_enc row-major [d_in, d_sae] and
/// W_dec row-major [d_sae, d_in]. For tests and small models; the production model is TorchSharp's.
/// </summary>
public sealed class DenseFeatureSource : IFeatureSource
{
    private readonly float[] _encoderWeights;
    private readonly float[] _encoderBias;
    private readonly float[] _decoderWeights;

    public DenseFeatureSource(int inputDimension, int featureCount, float[] encoderWeights, float[] encoderBias, float[] decoderWeights)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputDimension);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureCount);
        Check(encoderWeights, (long)inputDimension * featureCount, nameof(encoderWeights));
        Check(encoderBias, featureCount, nameof(encoderBias));
        Check(decoderWeights, (long)inputDimension * featureCount, nameof(decoderWeights));
        InputDimension = inputDimension;
        FeatureCount = featureCount;
        _encoderWeights = encoderWeights;
        _encoderBias = encoderBias;
        _decoderWeights = decoderWeights;
    }

    public int InputDimension { get; }

    public int FeatureCount { get; }

    /// <summary>W_enc = I, b_enc = 0, W_dec = I: activations are ReLU of the embeddings themselves.</summary>
    public static DenseFeatureSource Identity(int dimension)
    {
        var eye = new float[dimension * dimension];
        for (int i = 0; i < dimension; i++)
            eye[i * dimension + i] = 1f;
        return new DenseFeatureSource(dimension, dimension, eye, new float[dimension], (float[])eye.Clone());
    }

    public void EncodeBatch(ReadOnlySpan<float> rows, int count, Span<float> activations)
    {
        int d = InputDimension, f = FeatureCount;
        if (rows.Length < count * d || activations.Length < count * f)
            throw new ArgumentException($"{count} rows need {count * d} inputs and {count * f} outputs.");
        for (int r = 0; r < count; r++)
        {
            ReadOnlySpan<float> x = rows.Slice(r * d, d);
            Span<float> y = activations.Slice(r * f, f);
            _encoderBias.CopyTo(y);
            for (int i = 0; i < d; i++)
            {
                float xi = x[i];
                if (xi != 0f)
                    TensorPrimitives.MultiplyAdd(_encoderWeights.AsSpan(i * f, f), xi, y, y);
            }
            TensorPrimitives.Max(y, 0f, y);
        }
    }

    public void CopyDecoderRows(int firstFeature, int count, Span<float> destination)
    {
        if (firstFeature < 0 || count < 0 || firstFeature + count > FeatureCount)
            throw new ArgumentOutOfRangeException(nameof(firstFeature), $"Features {firstFeature}..{firstFeature + count - 1} are outside 0..{FeatureCount - 1}.");
        _decoderWeights.AsSpan(firstFeature * InputDimension, count * InputDimension).CopyTo(destination);
    }

    private static void Check(float[] array, long length, string name)
    {
        ArgumentNullException.ThrowIfNull(array, name);
        if (array.Length != length)
            throw new ArgumentException($"{name} has {array.Length} values; expected {length}.", name);
    }
}
