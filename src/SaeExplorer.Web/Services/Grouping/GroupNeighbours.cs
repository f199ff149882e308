using SaeExplorer.Core.Grouping;
using SaeExplorer.Core.Rendering.Retrieval;
using SaeExplorer.Core.Sae.Model;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Services.Rendering;
using SaeExplorer.Web.Services.Sae;

namespace SaeExplorer.Web.Services.Grouping;

/// <summary>
/// The corpus images nearest to each group's decoded direction: what the group's features alone add through the
/// decoder (sum_i a_i W_dec[i], mapped back to input space), against the corpus rows measured from their mean, by
/// exact cosine cos(x - mean, d). Measured from the origin instead, every group's neighbours would be the same images
/// that look most like the average one (b_dec dominates a decode), whatever the group is. The image itself is left out.
/// A corpus with an approximate index (<see cref="NearestImageIndexes"/>) is searched through it, by the same cosine.
/// </summary>
public sealed class GroupNeighbours(SaeModelCache models, RowNormCache norms, NearestImageIndexes approximate)
{
    public Task<IReadOnlyList<IReadOnlyList<RetrievalHit>>> NearestAsync(WorkspaceContext workspace, IReadOnlyList<GroupCluster> clusters,
        int top, int? excludeRow, float[] embedding, CancellationToken ct = default) => Task.Run(() =>
    {
        float[] directions = Directions(models.Sae(workspace), clusters, embedding);
        var exclude = excludeRow is { } excluded ? new[] { excluded } : [];
        if (approximate.For(workspace) is { } index)
            // All groups at once, on several threads: one graph search is ~5 ms at 10^6 rows and an image shows up to
            // 20 groups; one after another they took the groups API from p50 61 to 84 ms (docs/scale.md).
            return (IReadOnlyList<IReadOnlyList<RetrievalHit>>)index.NearestMany(directions, clusters.Count, top, centred: true, exclude, ct);
        var corpus = models.Embeddings(workspace);
        var rowNorms = norms.For(corpus, cancellationToken: ct, centred: true);
        // All groups in one pass over the corpus (a scan per group read it up to 20 times a page).
        return (IReadOnlyList<IReadOnlyList<RetrievalHit>>)ExactRetrieval.NearestEach(corpus, rowNorms, directions, clusters.Count,
            new RetrievalOptions { Top = top, Exclude = exclude }, ct);
    }, ct);

    /// <summary>
    /// Each group's features alone through the decoder, less the decoder bias (decoded once for all), in the image's
    /// input space: one row per group, row-major.
    /// </summary>
    public static float[] Directions(SparseAutoencoder sae, IReadOnlyList<GroupCluster> clusters, float[] embedding)
    {
        int d = embedding.Length;
        var bias = sae.Decode(new SparseCode([], []), embedding);
        var directions = new float[clusters.Count * d];
        for (int i = 0; i < clusters.Count; i++)
        {
            var decoded = sae.Decode(new SparseCode(clusters[i].Features, clusters[i].Activations), embedding);
            System.Numerics.Tensors.TensorPrimitives.Subtract(decoded, bias, directions.AsSpan(i * d, d));
        }
        return directions;
    }
}
