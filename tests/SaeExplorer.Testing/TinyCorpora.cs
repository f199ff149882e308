using Parquet;
using Parquet.Schema;
using SaeExplorer.Core.Embeddings;
using SixLabors.ImageSharp;

namespace SaeExplorer.Testing;

/// <summary>Small corpora in the layouts LAION users have (img2dataset files, clip-retrieval output), written by the test.</summary>
public static class TinyCorpora
{
    /// <summary>img2dataset "files" output: 00000/&lt;key&gt;.jpg + .txt caption + .json metadata, one shard folder.</summary>
    public static string Img2Dataset(string folder, int count)
    {
        var shard = Path.Combine(folder, "00000");
        Directory.CreateDirectory(shard);
        for (var i = 0; i < count; i++)
        {
            var key = $"{i:D9}";
            var category = TinyPack.Categories[i % TinyPack.Categories.Length];
            using (var image = TinyPack.Draw(i, category)) image.SaveAsJpeg(Path.Combine(shard, key + ".jpg"));
            File.WriteAllText(Path.Combine(shard, key + ".txt"), Caption(i));
            File.WriteAllText(Path.Combine(shard, key + ".json"),
                $$"""{"url": "https://example.org/{{key}}.jpg", "caption": "{{Caption(i)}}", "key": "{{key}}", "status": "success", "width": 96, "height": 80}""");
        }
        return folder;
    }

    /// <summary>The caption of item i: a colour word and a number, so searches can find exact items.</summary>
    public static string Caption(int i) => $"a {TinyPack.Categories[i % TinyPack.Categories.Length]} picture number {i}";

    /// <summary>
    /// clip-retrieval output: img_emb/img_emb_N.npy (float16, <paramref name="dimension"/> wide) and metadata/metadata_N.parquet
    /// for <paramref name="shard"/> N, with <paramref name="metadataRows"/> rows of metadata (default: one per vector); no local images.
    /// </summary>
    public static async Task<string> ClipRetrieval(string folder, int count, int dimension, int seed = 1, int shard = 0, int? metadataRows = null)
    {
        var random = new Random(seed);
        var npy = Path.Combine(folder, "img_emb", $"img_emb_{shard}.npy");
        Directory.CreateDirectory(Path.GetDirectoryName(npy)!);
        using (var writer = NpyWriter.Create(npy, dimension, NpyDType.Float16))
        {
            var row = new float[dimension];
            for (var i = 0; i < count; i++)
            {
                // A few directions plus noise, so the SAE has structure to find.
                for (var c = 0; c < dimension; c++) row[c] = (float)(random.NextDouble() * 0.2 + (c % 4 == i % 4 ? 1 : 0));
                writer.WriteRow(row);
            }
            writer.Complete();
        }
        var metadata = Path.Combine(folder, "metadata", $"metadata_{shard}.parquet");
        Directory.CreateDirectory(Path.GetDirectoryName(metadata)!);
        var url = new DataField<string>("url");
        var caption = new DataField<string>("caption");
        await using var stream = File.Create(metadata);
        await using var parquet = await ParquetWriter.CreateAsync(new ParquetSchema(url, caption), stream);
        using var group = parquet.CreateRowGroup();
        var described = metadataRows ?? count;
        await group.WriteAsync(url, Enumerable.Range(0, described).Select(i => (string?)$"http://127.0.0.1:9/{shard}-{i}.jpg").ToArray());
        await group.WriteAsync(caption, Enumerable.Range(0, described).Select(i => (string?)Caption(i)).ToArray());
        return folder;
    }
}
