using SaeExplorer.Core.Sae.Model;

namespace SaeExplorer.Core.Grouping;

/// <summary>An SAE's decoder rows (any storage dtype, widened to float32). The SAE stays owned by the caller.</summary>
public sealed class SaeDecoderRows(SparseAutoencoder sae) : IDecoderRows
{
    public int Dimension => sae.DIn;

    public int FeatureCount => sae.DSae;

    public void CopyRow(int feature, Span<float> destination) => WeightStorage.ReadRow(sae.DecoderWeights, feature, destination);
}
