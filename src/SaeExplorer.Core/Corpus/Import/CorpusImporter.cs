using SaeExplorer.Core.Embeddings;

namespace SaeExplorer.Core.Corpus.Import;

/// <summary>
/// Recognises a corpus folder's layout and imports it into an <see cref="ImportedCorpus"/>: the project's own
/// manifest.csv or plain image folder, img2dataset's files or webdataset output, or clip-retrieval's embeddings
/// with their metadata. Importing only reads.
/// </summary>
public static class CorpusImporter
{
    /// <summary>The embeddings file of a pack, beside its manifest (row ids in its .ids.txt).</summary>
    public const string PackEmbeddings = "embeddings.npy";

    /// <summary>
    /// Which layout <paramref name="path"/> (a folder, or a manifest.csv file) has. Checked in this order:
    /// manifest.csv; img_emb/img_emb_N.npy with metadata/; .tar shards; shard folders of &lt;key&gt;.json beside
    /// &lt;key&gt;.jpg/.png/...; any image files at all.
    /// </summary>
    /// <exception cref="CorpusImportException">None matches; the message lists what was looked for.</exception>
    public static CorpusFormat Detect(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (File.Exists(path))
        {
            if (Path.GetFileName(path).Equals(CorpusManifest.FileName, StringComparison.OrdinalIgnoreCase))
                return CorpusFormat.Manifest;
            throw new CorpusImportException($"{path} is a file; give the corpus folder (or its {CorpusManifest.FileName}).");
        }
        if (!Directory.Exists(path))
            throw new CorpusImportException($"No such folder: {path}");
        if (File.Exists(Path.Combine(path, CorpusManifest.FileName)))
            return CorpusFormat.Manifest;
        if (ClipRetrievalImporter.Looks(path))
            return CorpusFormat.ClipRetrieval;
        if (WebDatasetImporter.FindShards(path).Count > 0)
            return CorpusFormat.WebDataset;
        if (Img2DatasetFolderImporter.ShardFolders(path).Any(LooksLikeImg2DatasetShard))
            return CorpusFormat.Img2DatasetFolder;
        if (CorpusManifest.FromFolder(path).Count > 0)
            return CorpusFormat.ImageFolder;
        throw new CorpusImportException(
            $"{path}: not a corpus layout I know. Looked for: a {CorpusManifest.FileName}; clip-retrieval output " +
            $"({ClipRetrievalImporter.EmbeddingsFolder}/img_emb_0.npy with {ClipRetrievalImporter.MetadataFolder}/metadata_0.parquet); " +
            "img2dataset webdataset shards (*.tar); img2dataset folder shards (00000/000000000.jpg with 000000000.json); " +
            "or image files (.jpg, .png, .webp, ...) anywhere below it. Found none of these.");
    }

    /// <summary>Detects the layout (unless <paramref name="format"/> is given) and imports the corpus.</summary>
    public static async Task<ImportedCorpus> ImportAsync(string path, CorpusFormat? format = null, CancellationToken ct = default)
    {
        var detected = format ?? Detect(path);
        var root = File.Exists(path) ? Path.GetDirectoryName(Path.GetFullPath(path))! : path;
        return detected switch
        {
            CorpusFormat.Manifest => FromManifest(root, File.Exists(path) ? path : Path.Combine(root, CorpusManifest.FileName)),
            CorpusFormat.ImageFolder => FromEntries(root, CorpusFormat.ImageFolder, CorpusManifest.FromFolder(root)),
            CorpusFormat.Img2DatasetFolder => Img2DatasetFolderImporter.Import(root),
            CorpusFormat.WebDataset => WebDatasetImporter.Import(root),
            CorpusFormat.ClipRetrieval => await ClipRetrievalImporter.ImportAsync(root, ct).ConfigureAwait(false),
            _ => throw new ArgumentOutOfRangeException(nameof(format), detected, null),
        };
    }

    /// <summary>
    /// Manifest entries as items (caption = description, URL = an http(s) source). An entry with no file is known only
    /// by its URL; entries whose file would leave the folder are skipped.
    /// </summary>
    public static ImportedCorpus FromEntries(string root, CorpusFormat format, IReadOnlyList<ManifestEntry> entries) =>
        FromEntries(root, format, entries, rowOf: null, shards: null);

    private static ImportedCorpus FromEntries(string root, CorpusFormat format, IReadOnlyList<ManifestEntry> entries,
        IReadOnlyDictionary<string, long>? rowOf, IReadOnlyList<EmbeddingShard>? shards)
    {
        var items = new List<CorpusItem>(entries.Count);
        var skipped = new List<ImportIssue>();
        foreach (var entry in entries)
        {
            ImageLocator? image = null;
            if (entry.File.Length > 0)
            {
                if (!ImportPaths.TryResolveInside(root, entry.File, out _, out var reason))
                {
                    skipped.Add(new ImportIssue(entry.File, reason, entry.Id));
                    continue;
                }
                image = new FileImageLocator(entry.File.Replace('\\', '/'));
            }
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            if (entry.Category is not null) metadata["category"] = entry.Category;
            if (entry.Subcategory is not null) metadata["subcategory"] = entry.Subcategory;
            if (entry.Source is not null) metadata["source"] = entry.Source;
            if (entry.Licence is not null) metadata["licence"] = entry.Licence;
            EmbeddingRef? embedding = rowOf is not null && rowOf.TryGetValue(entry.Id, out var row) ? new EmbeddingRef(0, row) : null;
            items.Add(new CorpusItem(entry.Id, entry.Description, WebUrl.OrNull(entry.Source), image, null, null, metadata, embedding));
        }
        return new ImportedCorpus(root, format, items, skipped, embeddingShards: shards);
    }

    /// <summary>
    /// A manifest, with the embeddings a pack (`saex import-corpus --out`) keeps beside it when their row ids are
    /// there too: then the pack imports without encoding again, URL-only items included.
    /// </summary>
    private static ImportedCorpus FromManifest(string root, string manifest)
    {
        var entries = CorpusManifest.Read(manifest);
        var npyPath = Path.Combine(root, PackEmbeddings);
        if (!File.Exists(npyPath) || !File.Exists(RowIdMap.PathFor(npyPath)))
            return FromEntries(root, CorpusFormat.Manifest, entries);
        using var npy = NpyFile.Open(npyPath);
        var ids = RowIdMap.Read(npy);
        var rowOf = new Dictionary<string, long>(ids.Length, StringComparer.Ordinal);
        for (var i = 0; i < ids.Length; i++) rowOf.TryAdd(ids[i], i);
        var shard = new EmbeddingShard(Path.GetFullPath(npyPath), Path.GetFullPath(manifest), npy.Rows, npy.Columns, npy.DType, 0);
        return FromEntries(root, CorpusFormat.Manifest, entries, rowOf, [shard]);
    }

    private static bool LooksLikeImg2DatasetShard(string folder)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var images = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            if (!Img2DatasetSample.TrySplit(Path.GetFileName(file), out var key, out var ext))
                continue;
            if (ext == "json")
            {
                if (images.Contains(key))
                    return true;
                keys.Add(key);
            }
            else if (Img2DatasetSample.IsImageExtension(ext) || ext == "txt")
            {
                if (keys.Contains(key))
                    return true;
                images.Add(key);
            }
        }
        return false;
    }
}
