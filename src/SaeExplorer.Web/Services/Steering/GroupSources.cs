using System.Text.RegularExpressions;
using SaeExplorer.Core.Labeling;
using SaeExplorer.Core.Permalink;
using SaeExplorer.Core.Steering;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Services.Grouping;

namespace SaeExplorer.Web.Services.Steering;

/// <summary>A group of another image that steering can add: its features at their activations there.</summary>
public sealed record GroupChoice(string Source, string Title, IReadOnlyList<FeatureValue> Features, double Share);

/// <summary>
/// Finds the groups a researcher names to add to an image: a shared group's link (/g/slug, or the bare slug), or
/// another image of the workspace by id, whose groups at its chosen k are offered.
/// </summary>
public sealed partial class GroupSources(GroupPermalinks permalinks, ImageInspector inspector, ImageGroupings groupings)
{
    public async Task<(IReadOnlyList<GroupChoice> Choices, string? Problem)> FindAsync(WorkspaceContext workspace, string? text, CancellationToken ct = default)
    {
        text = text?.Trim() ?? "";
        if (text.Length == 0) return ([], "Give a group's link (/g/…) or an image id.");
        if (GroupLink().Match(text) is { Success: true } link && ContentSlug.LooksValid(link.Groups[1].Value))
            return await PermalinkAsync(workspace, link.Groups[1].Value, ct);
        if (ContentSlug.LooksValid(text) && await permalinks.FindAsync(text, ct) is not null)
            return await PermalinkAsync(workspace, text, ct);
        var key = ImageKey.FromRoute(text);
        if (await inspector.FindAsync(workspace, key, ct) is not { } image)
            return ([], $"Workspace '{workspace.Name}' has no image '{key}' and no shared group by that name.");
        if (await groupings.BuildAsync(workspace, image, GroupingSettings.Default, null, [], ct) is not { } grouping)
            return ([], image.Problem ?? $"Image '{key}' has no SAE code to take groups from.");
        if (grouping.Groups.Count == 0)
            return ([], $"Image '{key}' has no groups: no feature fires on it.");
        return ([.. grouping.Groups.Select(g => new GroupChoice(
            $"image/{key}/group-{g.Index + 1}",
            $"{image.Image.Caption}, group {g.Index + 1}: {g.Title}",
            Pairs(g.Cluster.Features, g.Cluster.Activations), g.Cluster.Share))], null);
    }

    private async Task<(IReadOnlyList<GroupChoice>, string?)> PermalinkAsync(WorkspaceContext workspace, string slug, CancellationToken ct)
    {
        if (await permalinks.FindAsync(slug, ct) is not { } view) return ([], $"There is no shared group '{slug}'.");
        if (view.Workspace.WorkspaceId != workspace.WorkspaceId)
            return ([], $"Group '{slug}' belongs to workspace '{view.Workspace.Name}', whose SAE numbers its features differently.");
        if (view.Stale is { } stale) return ([], stale);
        var title = $"shared group {slug} of {view.Source?.Image.Caption ?? view.Group.Source}: {view.View?.Title ?? FeatureName.Unlabelled}";
        return ([new GroupChoice($"g/{slug}", title, Pairs(view.Cluster.Features, view.Cluster.Activations), view.Cluster.Share)], null);
    }

    private static FeatureValue[] Pairs(int[] features, float[] activations) => [.. features.Zip(activations, (f, a) => new FeatureValue(f, a))];

    [GeneratedRegex(@"(?:^|/)g/([a-z2-7]+)/?(?:[?#].*)?$")]
    private static partial Regex GroupLink();
}
