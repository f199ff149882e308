using SaeExplorer.Core.Grouping;
using SaeExplorer.Data.Features;
using SaeExplorer.Data.Workspaces;

namespace SaeExplorer.Web.Services.Grouping;

/// <summary>An image page's content: the workspace and the image (null when there is no such one), its grouping, or
/// why it has none.</summary>
public sealed record OpenedImage(WorkspaceContext? Workspace, InspectedImage? Image, ImageGrouping? Grouping, string? Problem);

/// <summary>Builds what an image page shows from an image and the settings in its query: the pages stay thin.</summary>
public sealed class ImageGroupings(WorkspaceQueries workspaces, ImageInspector inspector, FeatureQueries features, GroupViewBuilder views,
    ILogger<ImageGroupings> log)
{
    /// <summary>The workspace, the image and its grouping; a grouping that cannot be read from disk is a problem to
    /// show, not an error page.</summary>
    public async Task<OpenedImage> OpenAsync(WorkspaceRef workspace, string key, GroupingSettings settings, int? k, IReadOnlyList<string> problems,
        CancellationToken ct = default)
    {
        var context = await workspaces.FindAsync(workspace.Name, workspace.Sae, ct);
        var image = context == null ? null : await inspector.FindAsync(context, key, ct);
        var problem = image?.Problem;
        ImageGrouping? grouping = null;
        if (context is { HasSae: true } && image is { Embedding: not null })
        {
            try
            {
                grouping = await BuildAsync(context, image, settings, k, problems, ct);
            }
            catch (Exception e) when (e is IOException or Core.Sae.SaeFormatException or Core.Embeddings.NpyFormatException or ArgumentException)
            {
                log.LogWarning(e, "Image {Key} of {Workspace} could not be taken apart.", key, workspace);
                problem = $"The SAE or the embeddings could not be read: {e.Message}";
            }
        }
        return new OpenedImage(context, image, grouping, problem);
    }

    /// <summary>Null when the image has no embedding or the workspace no SAE (the caller shows why).</summary>
    public async Task<ImageGrouping?> BuildAsync(WorkspaceContext workspace, InspectedImage image, GroupingSettings settings, int? k,
        IReadOnlyList<string> problems, CancellationToken ct = default)
    {
        if (image.Embedding is not { } embedding || workspace.SaeId is not { } saeId) return null;
        var (code, sweep) = await Task.Run(() =>
        {
            var c = inspector.Encode(workspace, embedding);
            return (c, inspector.Sweep(workspace, image.Key, c, settings));
        }, ct);
        var notes = problems.ToList();
        var shown = sweep.ChosenK;
        if (k is { } asked)
        {
            if (asked <= sweep.Steps.Count) shown = asked;
            else notes.Add($"k = {asked} is more than this image's largest k ({sweep.Steps.Count}: one per active feature, up to kmax); showing the chosen k.");
        }
        var colours = GroupMembership.StableColours(sweep.Steps);
        var featureNames = await features.NamesAsync(saeId, code.Indices, ct);
        var step = shown > 0 ? sweep.Steps[shown - 1] : null;
        var groups = step is null
            ? []
            : await views.BuildAsync(workspace, saeId, [.. step.Clusters.Select((cluster, c) => new GroupToShow(c, colours[shown - 1][c], cluster))],
                featureNames, GroupViewBuilder.MembersShown, GroupViewBuilder.NearestShown, image, ct);
        return new ImageGrouping(image, code, sweep, settings, shown, colours, featureNames, groups, notes);
    }

    /// <summary>The same grouping with its features' names read again (a label written since, here or elsewhere).</summary>
    public async Task<ImageGrouping> RelabelAsync(ImageGrouping grouping, int saeId, CancellationToken ct = default)
    {
        var featureNames = await features.NamesAsync(saeId, grouping.Code.Indices, ct);
        return grouping with { FeatureNames = featureNames, Groups = grouping.Groups.Select(g => g.WithNames(featureNames)).ToList() };
    }
}
