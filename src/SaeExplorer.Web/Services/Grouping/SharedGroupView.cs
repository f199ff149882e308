using SaeExplorer.Core.Grouping;
using SaeExplorer.Data.Features;
using SaeExplorer.Data.Groups;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Services.Sae;

namespace SaeExplorer.Web.Services.Grouping;

/// <summary>A shared group as its permalink shows it, or why it cannot be shown as it was.</summary>
/// <param name="Stale">Set when the workspace's SAE is no longer the one the group was shared from: its features would
/// be other features now, so they are not shown.</param>
public sealed record SharedGroupView(SharedGroup Group, WorkspaceContext Workspace, GroupCluster Cluster, GroupView? View,
    InspectedImage? Source, string? Stale)
{
    public GroupingSettings Settings => new(Group.KMax, Group.Restarts, Tau.Parse(Group.Tau));

    /// <summary>The image page at the state the group was shared from.</summary>
    public string SourceLink => Links.Image(Workspace.Name, Group.Source, Settings, Group.K);
}

/// <summary>Loads a shared group and checks it still stands on the workspace's SAE.</summary>
public sealed class SharedGroupViews(SharedGroupStore store, WorkspaceQueries workspaces, ImageInspector inspector, SaeModelCache models,
    FeatureQueries features, Data.Corpus.ImageQueries images, GroupNeighbours neighbours)
{
    public async Task<SharedGroupView?> FindAsync(string slug, CancellationToken ct = default)
    {
        if (await store.FindAsync(slug, ct) is not { } group) return null;
        if (await workspaces.FindByIdAsync(group.WorkspaceId, ct) is not { } workspace) return null;
        var cluster = new GroupCluster(FeatureBlobs.Unpack<int>(group.Features), FeatureBlobs.Unpack<float>(group.Activations), group.Mass, group.Share);
        var source = await inspector.FindAsync(workspace, group.Source, ct);
        string? stale = models.Replaced(workspace, group.SaeId, group.SaeFingerprint) is { } replaced
            ? $"{replaced} So the group's features are not shown; open the image again to group it anew."
            : null;
        if (stale is not null) return new SharedGroupView(group, workspace, cluster, null, source, stale);

        var members = cluster.Features.Zip(cluster.Activations).OrderByDescending(m => m.Second).ThenBy(m => m.First).ToList();
        var labels = await features.LabelsAsync(workspace.SaeId!.Value, cluster.Features, ct);
        var topRows = await features.TopRowsAsync(workspace.SaeId.Value, cluster.Features, ImageGroupings.MemberImages, ct);
        var nearest = source?.Embedding is { } embedding
            ? (await neighbours.NearestAsync(workspace, [cluster], ImageGroupings.NearestShown * 2, source.Image.Row, embedding, ct))[0]
            : [];
        var byRow = await images.ByRowsAsync(workspace.WorkspaceId, topRows.Values.SelectMany(r => r).Concat(nearest.Select(n => n.Row)), ct);
        var view = new GroupView(group.GroupIndex, group.GroupIndex, cluster,
            members.Select(m => new GroupMember(m.First, m.Second, labels.GetValueOrDefault(m.First),
                topRows.GetValueOrDefault(m.First, []).Where(byRow.ContainsKey).Select(r => byRow[r]).ToList())).ToList(),
            nearest.Where(n => byRow.ContainsKey(n.Row)).Select(n => new NearestImage(byRow[n.Row], n.Score)).ToList());
        return new SharedGroupView(group, workspace, cluster, view, source, null);
    }

    /// <summary>The same view with its members' top labels read again (a label written since, here or elsewhere).</summary>
    public async Task<SharedGroupView> RelabelAsync(SharedGroupView shown, CancellationToken ct = default) =>
        shown is { View: { } view, Workspace.SaeId: { } saeId }
            ? shown with { View = view.WithLabels(await features.LabelsAsync(saeId, shown.Cluster.Features, ct)) }
            : shown;
}
