using Parquet;
using Parquet.Schema;
using SaeExplorer.Core.Corpus.Import;
using SaeExplorer.Core.Embeddings;

namespace SaeExplorer.Scale;

/// <summary>
/// Writes a synthetic corpus in clip-retrieval's layout, streaming: img_emb/img_emb_N.npy (float16, as clip-retrieval
/// ships them) and metadata/metadata_N.parquet (key, url, caption) per shard, one block of rows in memory at a time.
/// </summary>
internal static class SyntheticCorpusWriter
{
    private const int BlockRows = 4096;

    /// <param name="progress">Rows written so far.</param>
    public static async Task WriteAsync(SyntheticDictionary dictionary, string folder, Action<long>? progress = null, CancellationToken ct = default)
    {
        ScaleSpec spec = dictionary.Spec;
        string embeddings = Path.Combine(folder, ClipRetrievalImporter.EmbeddingsFolder);
        string metadata = Path.Combine(folder, ClipRetrievalImporter.MetadataFolder);
        Directory.CreateDirectory(embeddings);
        Directory.CreateDirectory(metadata);
        int d = spec.Dimension;
        var block = new float[BlockRows * d];
        for (int shard = 0; shard < spec.ShardCount; shard++)
        {
            long first = (long)shard * spec.ShardRows;
            int rows = (int)Math.Min(spec.ShardRows, spec.Rows - first);
            string npyPath = Path.Combine(embeddings, $"img_emb_{shard}.npy");
            using var npy = NpyWriter.Create(npyPath, d, NpyDType.Float16);
            await using var stream = File.Create(Path.Combine(metadata, $"metadata_{shard}.parquet"));
            DataField<string> keyField = new("key"), urlField = new("url"), captionField = new("caption");
            var schema = new ParquetSchema(keyField, urlField, captionField);
            await using var parquet = await ParquetWriter.CreateAsync(schema, stream, cancellationToken: ct);
            for (int start = 0; start < rows; start += BlockRows)
            {
                ct.ThrowIfCancellationRequested();
                int n = Math.Min(BlockRows, rows - start);
                var keys = new string?[n];
                var urls = new string?[n];
                var captions = new string?[n];
                long blockFirst = first + start;
                Parallel.For(0, n, () => (Atoms: new int[spec.ActivePerRow], Coefficients: new float[spec.ActivePerRow]), (r, _, buffers) =>
                {
                    long row = blockFirst + r;
                    SyntheticRows.Make(dictionary, row, block.AsSpan(r * d, d), buffers.Atoms, buffers.Coefficients);
                    keys[r] = row.ToString("D9", System.Globalization.CultureInfo.InvariantCulture);
                    urls[r] = $"https://example.invalid/scale/{keys[r]}.jpg";
                    captions[r] = SyntheticRows.Caption(buffers.Atoms);
                    return buffers;
                }, _ => { });
                npy.WriteRows(block.AsSpan(0, n * d));
                using (ParquetRowGroupWriter group = parquet.CreateRowGroup())
                {
                    await group.WriteAsync(keyField, keys);
                    await group.WriteAsync(urlField, urls);
                    await group.WriteAsync(captionField, captions);
                }
                progress?.Invoke(blockFirst + n);
            }
            npy.Complete();
        }
    }
}
