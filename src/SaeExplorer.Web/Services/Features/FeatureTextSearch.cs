using System.Runtime.CompilerServices;
using SaeExplorer.Core.Indexing;
using SaeExplorer.Core.Sae.Model;
using SaeExplorer.Data.Corpus;
using SaeExplorer.Data.Features;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Services.Encoders;
using SaeExplorer.Web.Services.Sae;

namespace SaeExplorer.Web.Services.Features;

/// <summary>A feature whose decoder direction is near the query's text embedding, with its label and top images.</summary>
public sealed record TextMatch(int Feature, float Cosine, string? Label, IReadOnlyList<ImageRef> TopImages);

/// <summary>One workspace's text matches, or why it has none (<see cref="Off"/>).</summary>
public sealed record WorkspaceTextMatches(string Workspace, IReadOnlyList<TextMatch> Matches, string? Off);

/// <summary>What the search page shows under "features by text": the workspaces' matches, or one reason for all.</summary>
public sealed record TextMatches(IReadOnlyList<WorkspaceTextMatches> Workspaces, string? Off)
{
    public static readonly TextMatches None = new([], null);
}

/// <summary>
/// The app bar's search by text over features: in every workspace with an SAE whose embeddings CLIP's text tower can
/// reach, the features whose decoder direction is nearest the query's text embedding (<see cref="FeatureDirections"/>,
/// worked out once per loaded SAE), so "dog" finds dog features nobody has labelled; only those pointing the query's
/// way (cosine above 0). Without a text tower, or in a workspace of other embeddings, it says why. The text tower and
/// the matrix products run off the caller's thread.
/// </summary>
public sealed class FeatureTextSearch(ClipTextTowerCache tower, WorkspaceQueries workspaces, SaeModelCache models, FeatureQueries features,
    ImageQueries images)
{
    public const int MaxMatches = 12;
    public const int TopImages = 4;

    private readonly ConditionalWeakTable<SparseAutoencoder, FeatureDirections> _directions = [];

    public async Task<TextMatches> SearchAsync(string? query, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(query)) return TextMatches.None;
        if (!tower.IsConfigured) return new TextMatches([], ClipTextTowerCache.NotConfigured);
        var found = new List<WorkspaceTextMatches>();
        float[]? embedding = null; // one text tower for every workspace: the query is embedded once
        foreach (var entry in await workspaces.NavigationAsync(ct))
        {
            if (!entry.HasFeatures || await workspaces.FindAsync(entry.Name, ct) is not { SaeId: { } saeId } context) continue;
            var match = tower.For(context.Space);
            if (match.Encoder is not { } encoder)
            {
                found.Add(new WorkspaceTextMatches(context.Name, [], match.Problem));
                continue;
            }
            var nearest = await Task.Run(() =>
            {
                embedding ??= encoder.Encode(query);
                var sae = models.Sae(context);
                return _directions.GetValue(sae, s => FeatureDirections.Of(s.DecoderWeights)).Nearest(embedding, MaxMatches)
                    .Where(m => m.Cosine > 0).ToArray();
            }, ct);
            var ids = nearest.Select(m => m.Feature).ToArray();
            var labels = await features.LabelsAsync(saeId, ids, ct);
            var topRows = await features.TopRowsAsync(saeId, ids, TopImages, ct);
            var pictures = await images.ByRowsAsync(context.WorkspaceId, topRows.Values.SelectMany(r => r), ct);
            found.Add(new WorkspaceTextMatches(context.Name, [.. nearest.Select(m => new TextMatch(m.Feature, m.Cosine, labels.GetValueOrDefault(m.Feature),
                [.. topRows.GetValueOrDefault(m.Feature, []).Where(pictures.ContainsKey).Select(r => pictures[r])]))], null));
        }
        return new TextMatches(found, null);
    }
}
