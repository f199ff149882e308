using SaeExplorer.Core.Grouping;
using SaeExplorer.Core.Labeling;
using SaeExplorer.Core.Rendering.Retrieval;
using SaeExplorer.Data.Corpus;
using SaeExplorer.Data.Features;
using SaeExplorer.Data.Workspaces;

namespace SaeExplorer.Web.Services.Grouping;

/// <summary>A group to show: its position among the k shown, its colour and its cluster.</summary>
public sealed record GroupToShow(int Index, int Colour, GroupCluster Cluster);

/// <summary>
/// The one assembly of group cards, for an image's groups and a group permalink alike: members strongest first with
/// their labels and the images that fire them most, and the corpus images nearest to the group's decoded direction.
/// </summary>
public sealed class GroupViewBuilder(FeatureQueries features, ImageQueries images, GroupNeighbours neighbours)
{
    /// <summary>Member features shown on an image's cards (strongest first), and top images per member.</summary>
    public const int MembersShown = 12;
    public const int MemberImages = 3;
    public const int NearestShown = 6;

    /// <param name="names">How the groups' features are named (all of them: a group's label weighs every feature).</param>
    /// <param name="members">How many members each card lists.</param>
    /// <param name="nearest">How many nearest corpus images each card shows.</param>
    /// <param name="image">The image the groups come from: its row is left out of the nearest images; without an
    /// embedding there are none.</param>
    public async Task<IReadOnlyList<GroupView>> BuildAsync(WorkspaceContext workspace, int saeId, IReadOnlyList<GroupToShow> groups,
        IReadOnlyDictionary<int, FeatureName> names, int members, int nearest, InspectedImage? image, CancellationToken ct = default)
    {
        var strongest = groups.Select(g => g.Cluster.Strongest().Take(members).ToList()).ToList();
        var topRows = await features.TopRowsAsync(saeId, strongest.SelectMany(s => s.Select(m => m.Feature)), MemberImages, ct);
        var near = image?.Embedding is { } embedding
            ? await neighbours.NearestAsync(workspace, [.. groups.Select(g => g.Cluster)], nearest, image.Image.Row, embedding, ct)
            : [.. groups.Select(_ => (IReadOnlyList<RetrievalHit>)[])];
        var rows = topRows.Values.SelectMany(r => r).Concat(near.SelectMany(n => n.Select(x => x.Row))).Distinct().ToList();
        var byRow = await images.ByRowsAsync(workspace.WorkspaceId, rows, ct);
        return [.. groups.Select((g, i) => new GroupView(g.Index, g.Colour, g.Cluster,
            [.. strongest[i].Select(m => new GroupMember(m.Feature, m.Activation, names.GetValueOrDefault(m.Feature) ?? FeatureName.None,
                [.. topRows.GetValueOrDefault(m.Feature, []).Where(byRow.ContainsKey).Select(r => byRow[r])]))],
            [.. near[i].Where(n => byRow.ContainsKey(n.Row)).Select(n => new NearestImage(byRow[n.Row], n.Score))],
            GroupView.LabelOf(g.Cluster, names)))];
    }
}
