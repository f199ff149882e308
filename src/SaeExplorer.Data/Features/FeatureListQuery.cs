using System.Text.Json.Serialization;
using SaeExplorer.Core.Labeling;

namespace SaeExplorer.Data.Features;

public enum FeatureSort
{
    Index,
    Label,
    Frequency,
    MaxActivation,
    MeanActivation,
    /// <summary>The top label's detection score (features whose top label has none last).</summary>
    Score,
}

/// <summary>The feature list's sort, filters and label search (all optional).</summary>
public sealed record FeatureListQuery
{
    public FeatureSort Sort { get; init; } = FeatureSort.Index;
    public bool Descending { get; init; }
    /// <summary>true: only features that fire; false: only dead ones; null: both.</summary>
    public bool? Alive { get; init; }
    public double? MinLog10Frequency { get; init; }
    public double? MaxLog10Frequency { get; init; }
    /// <summary>Only features whose top label scores at least this (held-out AUROC); features without a score are left out.</summary>
    public double? MinScore { get; init; }
    /// <summary>Words to find in labels (full-text), or a feature number.</summary>
    public string? Search { get; init; }
}

/// <summary>One line of the feature list. <see cref="TopLabel"/> is the best label, shown as the name only when
/// <see cref="TopLabelIsName"/> (see <see cref="Name"/>).</summary>
public sealed record FeatureListRow(
    int Feature, string? TopLabel, double? Log10Frequency, float MaxActivation, double MeanActivation, long FiringCount, int[] TopRows,
    double? TopLabelScore = null, bool TopLabelIsName = false, bool TopLabelByPerson = false)
{
    /// <summary>How the feature is named wherever it appears.</summary>
    [JsonIgnore]
    public FeatureName Name => new(TopLabel, TopLabelIsName, TopLabelByPerson, TopLabelScore);
}
