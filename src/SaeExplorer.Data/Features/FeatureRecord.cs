namespace SaeExplorer.Data.Features;

/// <summary>
/// One SAE feature's statistics over its workspace's corpus (written by the index stage). Lists
/// that are only ever read whole (top images, samples, histogram, neighbours) are little-endian
/// blobs, so a page reads one row and a full index is one bulk insert (see <see cref="FeatureBlobs"/>).
/// </summary>
public class FeatureRecord
{
    public int SaeId { get; set; }
    public int Feature { get; set; }
    public long FiringCount { get; set; }
    public double Frequency { get; set; }
    /// <summary>log10 of <see cref="Frequency"/>; null for a dead feature (so sorting puts it last).</summary>
    public double? Log10Frequency { get; set; }
    public float MaxActivation { get; set; }
    public double MeanActivation { get; set; }
    /// <summary>int32 counts in the fixed log-spaced bins of IndexLayout.</summary>
    public required byte[] Histogram { get; set; }
    /// <summary>int32 embedding rows, strongest first.</summary>
    public required byte[] TopRows { get; set; }
    public required byte[] TopActivations { get; set; }
    /// <summary>Histogram bin of the max: quantile band b covers bin (TopBandBin - b); the last band everything lower.</summary>
    public int TopBandBin { get; set; }
    /// <summary>Per band: int32 count, then that many (int32 row, float32 activation) pairs.</summary>
    public required byte[] Samples { get; set; }
    /// <summary>Per band: float32 lower (inclusive) and upper (exclusive) activation bound.</summary>
    public required byte[] BandBounds { get; set; }
    public required byte[] NeighbourIds { get; set; }
    public required byte[] NeighbourCosines { get; set; }
    /// <summary>Best label so far (autointerp or a person's), denormalised for the list.</summary>
    public string? TopLabel { get; set; }
    /// <summary>The top label's detection score (held-out AUROC), for sorting and the min-score filter; null when it has none.</summary>
    public double? TopLabelScore { get; set; }
    /// <summary>Whether <see cref="TopLabel"/> is shown as the feature's name (see <see cref="Core.Labeling.FeatureName"/>); otherwise it is only the best candidate.</summary>
    public bool TopLabelIsName { get; set; }
    /// <summary>Whether a person wrote <see cref="TopLabel"/>.</summary>
    public bool TopLabelByPerson { get; set; }
}
