using SaeExplorer.Core.Grouping;
using SaeExplorer.Data.Corpus;
using SaeExplorer.Data.Features;
using SaeExplorer.Data.Workspaces;

namespace SaeExplorer.Web.Services.Grouping;

/// <summary>Builds what an image page shows from an image and the settings in its query: the pages stay thin.</summary>
public sealed class ImageGroupings(ImageInspector inspector, FeatureQueries features, ImageQueries images, GroupNeighbours neighbours)
{
    /// <summary>Member features shown on a card (strongest first), and top images per member.</summary>
    public const int MembersShown = 12;
    public const int MemberImages = 3;
    public const int NearestShown = 6;

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
        var labels = GroupMembership.StableLabels(sweep.Steps);
        var featureLabels = await features.LabelsAsync(saeId, code.Indices, ct);
        var step = shown > 0 ? sweep.Steps[shown - 1] : null;
        var groups = step is null ? [] : await GroupsAsync(workspace, saeId, image, step, labels[shown - 1], featureLabels, ct);
        return new ImageGrouping(image, code, sweep, settings, shown, labels, featureLabels, groups, notes);
    }

    /// <summary>The same grouping with its features' top labels read again (a label written since, here or elsewhere).</summary>
    public async Task<ImageGrouping> RelabelAsync(ImageGrouping grouping, int saeId, CancellationToken ct = default)
    {
        var featureLabels = await features.LabelsAsync(saeId, grouping.Code.Indices, ct);
        return grouping with { FeatureLabels = featureLabels, Groups = grouping.Groups.Select(g => g.WithLabels(featureLabels)).ToList() };
    }

    private async Task<IReadOnlyList<GroupView>> GroupsAsync(WorkspaceContext workspace, int saeId, InspectedImage image, GroupingStep step,
        int[] labels, IReadOnlyDictionary<int, string?> featureLabels, CancellationToken ct)
    {
        var strongest = step.Clusters.Select(c => c.Features.Zip(c.Activations).OrderByDescending(m => m.Second).ThenBy(m => m.First)
            .Take(MembersShown).ToList()).ToList();
        var topRows = await features.TopRowsAsync(saeId, strongest.SelectMany(s => s.Select(m => m.First)), MemberImages, ct);
        var nearest = await neighbours.NearestAsync(workspace, step.Clusters, NearestShown, image.Image.Row, image.Embedding!, ct);
        var rows = topRows.Values.SelectMany(r => r).Concat(nearest.SelectMany(n => n.Select(x => x.Row))).Distinct().ToList();
        var byRow = await images.ByRowsAsync(workspace.WorkspaceId, rows, ct);
        return step.Clusters.Select((cluster, c) => new GroupView(c, labels[c], cluster,
                strongest[c].Select(m => new GroupMember(m.First, m.Second, featureLabels.GetValueOrDefault(m.First),
                    topRows.GetValueOrDefault(m.First, []).Where(byRow.ContainsKey).Select(r => byRow[r]).ToList())).ToList(),
                nearest[c].Where(n => byRow.ContainsKey(n.Row)).Select(n => new NearestImage(byRow[n.Row], n.Score)).ToList()))
            .ToList();
    }
}
