using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Rendering.Retrieval;
using SaeExplorer.Core.Sae.Model;
using SaeExplorer.Core.Steering;

namespace SaeExplorer.Core.Rendering.Icons;

/// <summary>What to draw: each target feature at its value on the base, with this SAE, in this embedding space.</summary>
/// <param name="SaeFingerprint">The SAE's weights fingerprint (what a set is resumed by).</param>
/// <param name="Base">The neutral base embedding: the corpus mean.</param>
public sealed record IconPlan(
    SparseAutoencoder Sae, string SaeFingerprint, float[] Base, EmbeddingSpace Space, IReadOnlyList<FeatureValue> Targets, IconOptions Options);

/// <summary>
/// Draws the icons of a plan into an <see cref="IconFolder"/>, resuming what an earlier run drawn the same way left
/// (so no icon is drawn twice) and saving the set as it goes. With retrieval every batch of
/// <see cref="IconOptions.RetrievalBatch"/> features is one <see cref="RetrievalRenderer.NearestMany"/> pass over the corpus, scored
/// by centred cosine, cos(x - mean, steered - mean): with plain cosine the steered mean stays nearest to the few
/// images nearest the mean itself, and most features got the same icon. Any other renderer draws one icon per render
/// (through <c>render</c>, e.g. the device's render queue).
/// </summary>
public sealed class FeatureIconBuilder(IconFolder folder)
{
    /// <param name="render">How a render is run; null: the renderer directly.</param>
    /// <param name="report">Told (icons done, icons in the plan) after each batch.</param>
    public async Task<FeatureIconSet> BuildAsync(IconPlan plan, IRenderer renderer, Func<RenderRequest, Task<RenderResult>>? render = null,
        Action<int, int>? report = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(renderer);
        render ??= renderer.RenderAsync;
        var template = new RenderRequest
        {
            Embedding = plan.Base, Space = plan.Space,
            Parameters = new RenderParameters
            {
                Steps = plan.Options.Steps, Seed = plan.Options.Seed, Width = plan.Options.Size, Height = plan.Options.Size, Top = 1,
            },
        };
        var drawn = new FeatureIconSet
        {
            Renderer = renderer.Name, Source = renderer.Source, Sae = plan.SaeFingerprint, Parameters = renderer.Resolve(template),
            Centred = renderer is RetrievalRenderer,
        };
        var icons = Resumed(drawn, plan.Targets);
        var pending = plan.Targets.Where(t => !icons.ContainsKey(t.Feature)).ToList();
        report?.Invoke(icons.Count, plan.Targets.Count);
        int batch = renderer is RetrievalRenderer ? plan.Options.RetrievalBatch : 1;
        for (int start = 0; start < pending.Count; start += batch)
        {
            ct.ThrowIfCancellationRequested();
            var targets = pending.GetRange(start, Math.Min(batch, pending.Count - start));
            var embeddings = new float[targets.Count * plan.Sae.DIn];
            IconBases.Steer(plan.Sae, plan.Base, targets, embeddings);
            var made = renderer is RetrievalRenderer retrieval
                ? Nearest(retrieval, targets, embeddings, ct)
                : [await DrawAsync(render, template with { Embedding = embeddings, CancellationToken = ct }, targets[0])];
            foreach (var icon in made) icons[icon.Feature] = icon;
            folder.Save(drawn with { Icons = [.. icons.Values] });
            report?.Invoke(icons.Count, plan.Targets.Count);
        }
        return drawn with { Icons = [.. icons.Values] };
    }

    /// <summary>The icons an earlier run drew the same way, of features still wanted at the same value (a picture
    /// only with its file); anything else in the folder is cleared.</summary>
    private Dictionary<int, FeatureIcon> Resumed(FeatureIconSet drawn, IReadOnlyList<FeatureValue> targets)
    {
        var kept = new Dictionary<int, FeatureIcon>();
        var earlier = folder.Load();
        if (earlier is null || !earlier.SameDrawing(drawn))
        {
            folder.Clear();
            return kept;
        }
        var wanted = targets.ToDictionary(t => t.Feature, t => t.Value);
        foreach (var icon in earlier.Icons)
            if (wanted.TryGetValue(icon.Feature, out float value) && value == icon.Value && (!icon.IsPicture || File.Exists(folder.PngPath(icon.Feature))))
                kept[icon.Feature] = icon;
        return kept;
    }

    private static IEnumerable<FeatureIcon> Nearest(RetrievalRenderer retrieval, List<FeatureValue> targets, float[] embeddings, CancellationToken ct)
    {
        var hits = retrieval.NearestMany(embeddings, targets.Count, top: 1, centred: true, ct);
        for (int t = 0; t < targets.Count; t++)
        {
            if (hits[t].Length == 0)
                throw new InvalidOperationException("the corpus has no rows: retrieval has no image to show as an icon");
            yield return new FeatureIcon(targets[t].Feature, targets[t].Value, hits[t][0].Row, hits[t][0].Score);
        }
    }

    private async Task<FeatureIcon> DrawAsync(Func<RenderRequest, Task<RenderResult>> render, RenderRequest request, FeatureValue target)
    {
        RenderResult result = await render(request).ConfigureAwait(false);
        if (result.Picture is { Png.Length: > 0 } picture)
        {
            folder.WritePng(target.Feature, picture.Png);
            return new FeatureIcon(target.Feature, target.Value);
        }
        if (result.Nearest.Count > 0)
            return new FeatureIcon(target.Feature, target.Value, result.Nearest[0].Row, result.Nearest[0].Score);
        throw new InvalidOperationException($"renderer '{result.Renderer}' returned neither a picture nor a corpus row for feature {target.Feature}'s icon");
    }
}
