using System.Runtime.InteropServices;
using SaeExplorer.Core.Sae.Model;
using static TorchSharp.torch;

namespace SaeExplorer.Core.Indexing;

/// <summary>A loaded <see cref="SparseAutoencoder"/> as the index builder's feature source. Does not own it.</summary>
public sealed class SaeFeatureSource(SparseAutoencoder sae) : IFeatureSource
{
    public int InputDimension => sae.DIn;
    public int FeatureCount => sae.DSae;

    public void EncodeBatch(ReadOnlySpan<float> rows, int count, Span<float> activations)
    {
        using var scope = NewDisposeScope();
        var x = WeightStorage.FromSpan(rows[..(count * sae.DIn)], count, sae.DIn);
        var f = sae.Encode(x).contiguous();
        MemoryMarshal.Cast<byte, float>(f.bytes).CopyTo(activations);
    }

    public void CopyDecoderRows(int firstFeature, int count, Span<float> destination)
    {
        using var scope = NewDisposeScope();
        var block = sae.DecoderWeights.narrow(0, firstFeature, count).to(ScalarType.Float32).contiguous();
        MemoryMarshal.Cast<byte, float>(block.bytes).CopyTo(destination);
    }
}
