using System.Runtime.InteropServices;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Sae.Model;
using SaeExplorer.Core.Sae.Training;
using static TorchSharp.torch;

namespace SaeExplorer.Core.Sae.Metrics;

/// <summary>Runs an SAE over embeddings in batches and reports <see cref="SaeMetrics"/>.</summary>
public static class SaeEvaluator
{
    public static SaeMetrics Evaluate(SparseAutoencoder sae, IEmbeddingMatrix data, IReadOnlyList<long>? rows = null,
        int batchSize = 1024, double denseCut = 0.1)
    {
        if (data.Columns != sae.DIn)
            throw new ArgumentException($"embeddings have {data.Columns} columns but the SAE expects d_in={sae.DIn}");
        var acc = new MetricsAccumulator(sae.DIn, sae.DSae);
        var total = rows?.Count ?? data.Rows;
        var buf = new float[batchSize * sae.DIn];
        for (long start = 0; start < total; start += batchSize)
        {
            var n = (int)Math.Min(batchSize, total - start);
            var span = buf.AsSpan(0, n * sae.DIn);
            if (rows is null) data.ReadRows(start, n, span);
            else for (var r = 0; r < n; r++) data.ReadRows(rows[(int)(start + r)], 1, span.Slice(r * sae.DIn, sae.DIn));
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var x = tensor(span.ToArray(), [n, sae.DIn]);
            var f = sae.Encode(x);
            var xHat = sae.Decode(f, x);
            var fs = MemoryMarshal.Cast<byte, float>(f.bytes);
            var hs = MemoryMarshal.Cast<byte, float>(xHat.bytes);
            for (var r = 0; r < n; r++)
                acc.Add(span.Slice(r * sae.DIn, sae.DIn), hs.Slice(r * sae.DIn, sae.DIn), fs.Slice(r * sae.DSae, sae.DSae));
        }
        return acc.Result(denseCut);
    }
}
