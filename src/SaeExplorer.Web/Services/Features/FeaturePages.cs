using SaeExplorer.Core.Indexing;
using SaeExplorer.Core.Labeling;
using SaeExplorer.Data.Corpus;
using SaeExplorer.Data.Features;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Services.Icons;

namespace SaeExplorer.Web.Services.Features;

/// <summary>Everything a feature's page shows: the feature's index row, the images it names, its neighbours' names,
/// both histograms and the workspace's icons. <see cref="Feature"/> is null when there is no such feature.</summary>
public sealed record FeaturePageView(
    WorkspaceContext? Workspace,
    FeatureDetail? Feature,
    IReadOnlyDictionary<int, ImageRef> Images,
    IReadOnlyDictionary<int, FeatureName> NeighbourNames,
    IReadOnlyList<(double X, double Count)> ActivationBars,
    IReadOnlyList<(double X, double Count)> DensityBars,
    IconLookup Icons);

/// <summary>Reads what a feature's page shows, so the page stays a shell.</summary>
public sealed class FeaturePages(WorkspaceQueries workspaces, FeatureQueries features, ImageQueries images, FeatureDensityCache density,
    FeatureIcons icons)
{
    public async Task<FeaturePageView> LoadAsync(WorkspaceRef workspace, int index, CancellationToken ct = default)
    {
        var context = await workspaces.FindAsync(workspace.Name, workspace.Sae, ct);
        var feature = context?.SaeId is { } saeId ? await features.GetAsync(saeId, index, ct) : null;
        if (context?.SaeId is not { } sae || feature is not { } f)
            return new FeaturePageView(context, feature, new Dictionary<int, ImageRef>(), new Dictionary<int, FeatureName>(), [], [], IconLookup.None);
        return new FeaturePageView(context, f,
            await images.ByRowsAsync(context.WorkspaceId, f.TopRows.Concat(f.Bands.SelectMany(b => b.Rows)), ct),
            await features.NamesAsync(sae, f.NeighbourIds, ct),
            ActivationBars(f.Histogram),
            await density.GetAsync(sae, ct),
            await icons.ForAsync(context));
    }

    /// <summary>The same view with the feature read again (its top label moved: a label added, edited or voted on).</summary>
    public async Task<FeaturePageView> RelabelAsync(FeaturePageView view, CancellationToken ct = default) =>
        view is { Workspace.SaeId: { } sae, Feature: { } f } ? view with { Feature = await features.GetAsync(sae, f.Feature, ct) } : view;

    /// <summary>Non-empty log-spaced bins, plotted at the log10 of their geometric centre.</summary>
    private static IReadOnlyList<(double, double)> ActivationBars(int[] histogram) =>
        histogram.Select((count, bin) => (bin, count)).Where(b => b.count > 0)
            .Select(b => (Math.Round(Math.Log10(BinCentre(b.bin)), 3), (double)b.count)).ToList();

    private static double BinCentre(int bin)
    {
        double lower = IndexLayout.BinLowerBound(bin), upper = IndexLayout.BinUpperBound(bin);
        if (lower <= 0) return upper / 2;
        return double.IsInfinity(upper) ? lower * 1.5 : Math.Sqrt(lower * upper);
    }
}
