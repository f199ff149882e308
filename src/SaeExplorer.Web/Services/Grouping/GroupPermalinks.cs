using SaeExplorer.Core.Grouping;
using SaeExplorer.Data.Features;
using SaeExplorer.Data.Groups;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Services.Sae;

namespace SaeExplorer.Web.Services.Grouping;

/// <summary>A shared group as its permalink shows it, or why it cannot be shown as it was.</summary>
/// <param name="Stale">Set when the workspace's SAE is no longer the one the group was shared from: its features would
/// be other features now, so they are not shown.</param>
public sealed record GroupPermalinkView(GroupPermalink Group, WorkspaceContext Workspace, GroupCluster Cluster, GroupView? View,
    InspectedImage? Source, string? Stale)
{
    public GroupingSettings Settings => new(Group.KMax, Group.Restarts, Tau.Parse(Group.Tau));

    /// <summary>The image page at the state the group was shared from, on the SAE it was shared from.</summary>
    public string SourceLink => Links.Image(WorkspaceRef.Of(Workspace), Group.Source, Settings, Group.K);
}

/// <summary>Group permalinks: makes one for a group of an image (Share), loads one on the SAE it records (by id, so it
/// keeps its meaning when the workspace gains other SAEs) and checks it still stands on that SAE's weights.</summary>
public sealed class GroupPermalinks(GroupPermalinkStore store, WorkspaceQueries workspaces, ImageInspector inspector, SaeModelCache models,
    FeatureQueries features, GroupViewBuilder views)
{
    /// <summary>The permalink (/g/slug) of a group of the grouping, the same one each time the same group is shared;
    /// null when the workspace has no SAE.</summary>
    public async Task<string?> CreateAsync(WorkspaceContext workspace, ImageGrouping grouping, GroupView group, CancellationToken ct = default)
    {
        if (workspace.SaeId is not { } saeId) return null;
        var settings = grouping.Settings;
        var content = new GroupContent(workspace.Name, grouping.Image.Key, grouping.K, settings.Tau.ToString(), settings.KMax, settings.Restarts,
            group.Index, group.Cluster.Features, group.Cluster.Activations, saeId, models.Fingerprint(workspace));
        return Links.Group(await store.ShareAsync(workspace.WorkspaceId, content, group.Cluster.Mass, group.Cluster.Share, ct));
    }

    public async Task<GroupPermalinkView?> FindAsync(string slug, CancellationToken ct = default)
    {
        if (await store.FindAsync(slug, ct) is not { } group) return null;
        if (await workspaces.FindByIdAsync(group.WorkspaceId, group.SaeId, ct) is not { } workspace) return null;
        var cluster = new GroupCluster(FeatureBlobs.Unpack<int>(group.Features), FeatureBlobs.Unpack<float>(group.Activations), group.Mass, group.Share);
        var source = await inspector.FindAsync(workspace, group.Source, ct);
        string? stale = models.Replaced(workspace, group.SaeId, group.SaeFingerprint) is { } replaced
            ? $"{replaced} So the group's features are not shown; open the image again to group it anew."
            : null;
        if (stale is not null) return new GroupPermalinkView(group, workspace, cluster, null, source, stale);

        var saeId = workspace.SaeId!.Value;
        var names = await features.NamesAsync(saeId, cluster.Features, ct);
        var view = (await views.BuildAsync(workspace, saeId, [new GroupToShow(group.GroupIndex, group.GroupIndex, cluster)], names,
            cluster.Count, GroupViewBuilder.NearestShown * 2, source, ct))[0];
        return new GroupPermalinkView(group, workspace, cluster, view, source, null);
    }

    /// <summary>The same view with its features' names read again (a label written since, here or elsewhere).</summary>
    public async Task<GroupPermalinkView> RelabelAsync(GroupPermalinkView shown, CancellationToken ct = default) =>
        shown is { View: { } view, Workspace.SaeId: { } saeId }
            ? shown with { View = view.WithNames(await features.NamesAsync(saeId, shown.Cluster.Features, ct)) }
            : shown;
}
