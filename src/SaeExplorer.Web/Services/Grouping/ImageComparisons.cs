using SaeExplorer.Core.Grouping;
using SaeExplorer.Core.Labeling;
using SaeExplorer.Data.Workspaces;

namespace SaeExplorer.Web.Services.Grouping;

/// <summary>A feature active in one or both of two images.</summary>
public sealed record ComparedFeature(int Feature, FeatureName Name, float? InA, float? InB);

/// <summary>Two images taken apart side by side: their groupings, which groups they share, which features.</summary>
public sealed record ImageComparison(ImageGrouping A, ImageGrouping B, GroupComparison Groups,
    IReadOnlyList<ComparedFeature> Both, IReadOnlyList<ComparedFeature> OnlyA, IReadOnlyList<ComparedFeature> OnlyB);

/// <summary>Compares two images of a workspace under the same grouping settings (each at its own chosen k).</summary>
public sealed class ImageComparisons(ImageGroupings groupings, ImageInspector inspector)
{
    public async Task<ImageComparison?> CompareAsync(WorkspaceContext workspace, InspectedImage a, InspectedImage b, GroupingSettings settings,
        CancellationToken ct = default)
    {
        if (await groupings.BuildAsync(workspace, a, settings, null, [], ct) is not { Step: { } stepA } ga) return null;
        if (await groupings.BuildAsync(workspace, b, settings, null, [], ct) is not { Step: { } stepB } gb) return null;
        var groups = GroupMatching.Compare(stepA, stepB, inspector.DecoderRows(workspace));
        var inA = ga.Code.Indices.Zip(ga.Code.Values).ToDictionary(p => p.First, p => p.Second);
        var inB = gb.Code.Indices.Zip(gb.Code.Values).ToDictionary(p => p.First, p => p.Second);
        FeatureName Label(int f) => ga.FeatureNames.GetValueOrDefault(f) ?? gb.NameOf(f);
        var both = inA.Keys.Where(inB.ContainsKey).Select(f => new ComparedFeature(f, Label(f), inA[f], inB[f]))
            .OrderByDescending(c => Math.Min(c.InA!.Value, c.InB!.Value)).ThenBy(c => c.Feature).ToList();
        var onlyA = inA.Keys.Where(f => !inB.ContainsKey(f)).Select(f => new ComparedFeature(f, Label(f), inA[f], null))
            .OrderByDescending(c => c.InA).ThenBy(c => c.Feature).ToList();
        var onlyB = inB.Keys.Where(f => !inA.ContainsKey(f)).Select(f => new ComparedFeature(f, Label(f), null, inB[f]))
            .OrderByDescending(c => c.InB).ThenBy(c => c.Feature).ToList();
        return new ImageComparison(ga, gb, groups, both, onlyA, onlyB);
    }
}
