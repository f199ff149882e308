using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SaeExplorer.Core.Corpus.Import;

/// <summary>
/// Turns an <see cref="ImportedCorpus"/> into a self-contained pack: manifest.csv, images/ (copies of the local images,
/// tar members extracted), embeddings.npy and its .ids.txt. Row i of the embeddings is manifest row i (same id).
/// Used by `saex import-corpus` and by the web app's "import corpus" stage alike.
/// <para>
/// The manifest's description is the caption, its source the item's URL when it has one, its file
/// "images/&lt;id&gt;.&lt;ext&gt;", or empty for an item known only by URL (clip-retrieval rows without a local image:
/// kept because their embedding is shipped).
/// </para>
/// <para>
/// Embeddings: the shipped ones (clip-retrieval shards, a pack's own file) in item order, float16 when every shard is
/// float16 and float32 otherwise; for every other
/// layout the local images encoded with the given encoder. Items with neither a local image nor an embedding, and
/// images that do not decode, are listed as skipped; nothing stops the run.
/// </para>
/// </summary>
public static class CorpusPackBuilder
{
    public const string ImagesFolder = "images";

    /// <summary>True when building the pack needs an image encoder (no shipped embeddings, some local images).</summary>
    public static bool NeedsEncoder(ImportedCorpus corpus) =>
        corpus.EmbeddingShards.Count == 0 && corpus.Items.Any(i => i.HasLocalImage);

    /// <param name="encoder">Required when <see cref="NeedsEncoder"/>; ignored otherwise.</param>
    /// <param name="progress">(items done, items in all).</param>
    /// <param name="warn">Problems that keep the item (an image that could not be copied keeps its URL only).</param>
    public static CorpusPackResult Build(ImportedCorpus corpus, string folder, IImageEncoder? encoder, ImageLoader loader,
        Action<int, int>? progress = null, Action<string>? warn = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        folder = Path.GetFullPath(folder);
        if (Path.TrimEndingDirectorySeparator(folder) == Path.TrimEndingDirectorySeparator(corpus.Root))
            throw new ArgumentException($"the pack folder must not be the corpus folder itself ({corpus.Root})", nameof(folder));
        var shipped = corpus.EmbeddingShards.Count > 0;
        if (!shipped && NeedsEncoder(corpus) && encoder is null)
            throw new ArgumentNullException(nameof(encoder), "this corpus ships no embeddings: an encoder is needed for its images");
        Directory.CreateDirectory(Path.Combine(folder, ImagesFolder));

        var skipped = corpus.Skipped.ToList();
        var dimension = shipped ? corpus.EmbeddingShards[0].Columns : NeedsEncoder(corpus) ? encoder!.Dimension : 0;
        var npyPath = Path.Combine(folder, CorpusImporter.PackEmbeddings);
        var report = (int done) => progress?.Invoke(done, corpus.Items.Count);
        CorpusPack pack;
        // Shipped float16 stays float16 (clip-retrieval's shards): a float32 copy would double the disk for no precision.
        var dtype = shipped && corpus.EmbeddingShards.All(s => s.DType == NpyDType.Float16) ? NpyDType.Float16 : NpyDType.Float32;
        using (var writer = dimension > 0 ? NpyWriter.Create(npyPath, dimension, dtype, withRowIds: true) : null)
        {
            pack = new CorpusPack(folder, writer);
            if (shipped) CopyShipped(corpus, pack, writer!, skipped, report, warn, ct);
            else EncodeLocal(corpus, pack, dimension > 0 ? encoder : null, loader, skipped, report, ct);
            writer?.Complete();
        }
        pack.WriteManifest();
        var space = dimension == 0 ? null : shipped ? ShippedSpace(corpus, npyPath, dimension) : encoder!.Space;
        space?.Save(Path.Combine(folder, EmbeddingSpace.FileName));
        return new CorpusPackResult(folder, dimension > 0 ? npyPath : null, dimension, shipped, pack.Rows, skipped, space);
    }

    /// <summary>
    /// The space the corpus declares (its embedding-space.json: a pack of ours, or a user who knows the model), else
    /// "shipped" with the layout as the model's description and the normalisation read off the vectors.
    /// </summary>
    private static EmbeddingSpace ShippedSpace(ImportedCorpus corpus, string npyPath, int dimension)
    {
        if (corpus.DeclaredSpace is { } declared)
            return declared.Dimension == dimension
                ? declared
                : throw new CorpusImportException(
                    $"{EmbeddingSpace.FileName} says {declared.Dimension}-d vectors, but the shipped embeddings have {dimension} columns");
        using var npy = NpyFile.Open(npyPath);
        var sample = Enumerable.Range(0, (int)Math.Min(npy.Rows, 256)).Select(r =>
        {
            var row = new float[dimension];
            npy.ReadRow(r, row);
            return row;
        });
        return new EmbeddingSpace(EmbeddingSpace.ShippedPreset, $"{corpus.Format} embeddings", dimension,
            Normalization: EmbeddingSpace.DetectNormalization(sample));
    }

    /// <summary>Shipped embeddings: every item's row, in item order; local images are copied too.</summary>
    private static void CopyShipped(ImportedCorpus corpus, CorpusPack pack, NpyWriter writer, List<ImportIssue> skipped,
        Action<int> progress, Action<string>? warn, CancellationToken ct)
    {
        var shards = new NpyFile?[corpus.EmbeddingShards.Count];
        var row = new float[writer.Columns];
        try
        {
            for (var i = 0; i < corpus.Items.Count; i++)
            {
                ct.ThrowIfCancellationRequested();
                var item = corpus.Items[i];
                if (item.Embedding is not { } e)
                {
                    skipped.Add(new ImportIssue(Location(item), "no shipped embedding for this item", item.Id));
                    continue;
                }
                var shard = shards[e.Shard] ??= NpyFile.Open(corpus.EmbeddingShards[e.Shard].NpyPath);
                shard.ReadRow(e.Row, row);
                byte[]? bytes = null;
                if (item.HasLocalImage)
                {
                    try
                    {
                        bytes = corpus.ReadImageBytes(item);
                    }
                    catch (Exception x) when (x is IOException or UnauthorizedAccessException or CorpusImportException)
                    {
                        warn?.Invoke($"{item.Image}: not copied ({x.Message}); the item keeps its URL only");
                    }
                }
                if (!pack.TryAdd(item, row, bytes, item.Width ?? 0, item.Height ?? 0, out var reason))
                    skipped.Add(new ImportIssue(Location(item), reason!, item.Id));
                progress(i + 1);
            }
        }
        finally
        {
            foreach (var s in shards) s?.Dispose();
        }
    }

    /// <summary>Every other layout: local images decoded and encoded in batches, rows in item order.</summary>
    private static void EncodeLocal(ImportedCorpus corpus, CorpusPack pack, IImageEncoder? encoder, ImageLoader loader,
        List<ImportIssue> skipped, Action<int> progress, CancellationToken ct)
    {
        using var batcher = encoder is null ? null : new EncodeBatcher<(CorpusItem Item, byte[] Bytes)>(encoder, (tag, image, vector) =>
        {
            if (!pack.TryAdd(tag.Item, vector, tag.Bytes, image.Width, image.Height, out var reason))
                skipped.Add(new ImportIssue(Location(tag.Item), reason!, tag.Item.Id));
        });
        for (var i = 0; i < corpus.Items.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var item = corpus.Items[i];
            if (!item.HasLocalImage || batcher is null)
                skipped.Add(new ImportIssue(Location(item), "no local image and no shipped embedding (known only by URL)", item.Id));
            else if (TryLoad(corpus, item, loader, out var image, out var bytes, out var reason))
                batcher.Add((item, bytes!), image!);
            else
                skipped.Add(new ImportIssue(Location(item), reason!, item.Id));
            progress(i + 1);
        }
        batcher?.Flush();
    }

    private static string Location(CorpusItem item) => item.Image?.ToString() ?? item.Url ?? item.Id;

    /// <summary>Reads the bytes once (they are copied into the pack) and decodes them under the loader's limits.</summary>
    private static bool TryLoad(ImportedCorpus corpus, CorpusItem item, ImageLoader loader,
        out Image<Rgb24>? image, out byte[]? bytes, out string? reason)
    {
        image = null;
        bytes = null;
        reason = null;
        try
        {
            using (var stream = corpus.OpenImage(item))
            {
                if (stream.Length > loader.Limits.MaxBytes)
                {
                    reason = $"image is {stream.Length} bytes; the limit is {loader.Limits.MaxBytes}";
                    return false;
                }
                bytes = new byte[stream.Length];
                stream.ReadExactly(bytes);
            }
            image = loader.Load(bytes, Location(item));
            return true;
        }
        catch (ImageRejectedException e)
        {
            reason = e.Reason;
        }
        catch (FileNotFoundException)
        {
            reason = "file not found";
        }
        catch (CorpusImportException e)
        {
            reason = e.Message;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reason = $"unreadable: {e.Message}";
        }
        return false;
    }
}
