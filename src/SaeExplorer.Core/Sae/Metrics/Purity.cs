using System.Runtime.InteropServices;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Sae.Model;
using static TorchSharp.torch;

namespace SaeExplorer.Core.Sae.Metrics;

/// <summary>Purity of an SAE's features and, as the baseline, of the raw embedding dimensions, on the same images.</summary>
/// <param name="Images">Images scored: the requested rows that have a category.</param>
/// <param name="Categories">Distinct categories among them.</param>
/// <param name="Top">Top images per unit.</param><param name="MinFiring">Images a unit must fire on to be scored.</param>
public sealed record PurityReport(UnitPurity Sae, UnitPurity RawDimensions, int Images, int Categories, int Top, int MinFiring);

/// <summary>
/// How well units line up with known image categories (<see cref="PurityAccumulator"/>): for each unit its
/// top 8 activating images, purity = share of them in their most common category, averaged over units that
/// fire on at least 5 images. Chance level is the purity of units with random top images, so compare the
/// SAE with the baseline, not with 1.
/// The baseline treats each embedding dimension as a unit whose activation is its value, firing where the
/// value is &gt; 0. For non-negative embeddings (ResNet18's pooled ReLU features) that is the whole dimension.
/// For embeddings with negative values (CLIP) it scores only each axis's positive end: the images at its
/// negative end are never among its top images, so the baseline sees half of each direction.
/// </summary>
public static class Purity
{
    /// <param name="rows">Rows of <paramref name="data"/> to score (e.g. a held-out split).</param>
    /// <param name="categoryOfRow">The category of every row of <paramref name="data"/> (null: unknown, the row is skipped).</param>
    public static PurityReport Evaluate(SparseAutoencoder sae, IEmbeddingMatrix data, IReadOnlyList<long> rows,
        IReadOnlyList<string?> categoryOfRow, PurityOptions? options = null, int batchSize = 256)
    {
        if (data.Columns != sae.DIn)
            throw new ArgumentException($"embeddings have {data.Columns} columns but the SAE expects d_in={sae.DIn}");
        if (categoryOfRow.Count != data.Rows)
            throw new ArgumentException($"purity: {categoryOfRow.Count} categories for {data.Rows} embedding rows");
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var scored = new List<(long Row, int Category)>();
        foreach (var r in rows)
            if (categoryOfRow[checked((int)r)] is { Length: > 0 } c)
            {
                if (!ids.TryGetValue(c, out var id)) ids[c] = id = ids.Count;
                scored.Add((r, id));
            }

        options ??= new PurityOptions();
        var features = new PurityAccumulator(sae.DSae, options);
        var dims = new PurityAccumulator(sae.DIn, options);
        var buf = new float[batchSize * sae.DIn];
        for (var start = 0; start < scored.Count; start += batchSize)
        {
            var n = Math.Min(batchSize, scored.Count - start);
            for (var i = 0; i < n; i++) data.ReadRows(scored[start + i].Row, 1, buf.AsSpan(i * sae.DIn, sae.DIn));
            using var scope = NewDisposeScope();
            using var x = tensor(buf.AsSpan(0, n * sae.DIn).ToArray(), [n, sae.DIn]);
            var f = MemoryMarshal.Cast<byte, float>(sae.Encode(x).bytes);
            for (var i = 0; i < n; i++)
            {
                var category = scored[start + i].Category;
                features.Add(f.Slice(i * sae.DSae, sae.DSae), category);
                dims.Add(buf.AsSpan(i * sae.DIn, sae.DIn), category);
            }
        }
        return new PurityReport(features.Result(), dims.Result(), scored.Count, ids.Count, options.Top, options.MinFiring);
    }
}
