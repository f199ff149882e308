namespace SaeExplorer.Core.Corpus.Import;

/// <summary>
/// Reads img2dataset's "files" output: shard folders (00000/, 00001/, ...) holding &lt;key&gt;.jpg (or .png, .webp, ...),
/// &lt;key&gt;.txt (caption) and &lt;key&gt;.json (metadata). Files directly in the root count as one more shard.
/// Keys whose json says status != "success", whose json is not JSON, or that have no image are skipped with the reason.
/// The per-shard .parquet files hold the same metadata and are not needed.
/// </summary>
public static class Img2DatasetFolderImporter
{
    public static ImportedCorpus Import(string root)
    {
        if (!Directory.Exists(root))
            throw new CorpusImportException($"No such folder: {root}");
        root = Path.GetFullPath(root);
        var items = new List<CorpusItem>();
        var skipped = new List<ImportIssue>();
        var warnings = new List<ImportIssue>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (var shard in ShardFolders(root))
        {
            var samples = new SortedDictionary<string, Sample>(StringComparer.Ordinal);
            foreach (var file in Directory.EnumerateFiles(shard))
            {
                var name = Path.GetFileName(file);
                if (!Img2DatasetSample.TrySplit(name, out var key, out var ext))
                    continue;
                if (ext != "txt" && ext != "json" && !Img2DatasetSample.IsImageExtension(ext))
                    continue;
                if (new FileInfo(file).LinkTarget is not null)
                {
                    skipped.Add(new ImportIssue(ImportPaths.Relative(root, file), "symbolic links are not followed", key));
                    continue;
                }
                if (!samples.TryGetValue(key, out var sample))
                    samples[key] = sample = new Sample();
                if (ext == "txt") sample.Caption = file;
                else if (ext == "json") sample.Json = file;
                else if (sample.Image is null || Img2DatasetSample.Prefer(ext, sample.ImageExt!))
                {
                    if (sample.Image is not null)
                        warnings.Add(new ImportIssue(ImportPaths.Relative(root, file), $"more than one image for this key; using .{ext}", key));
                    sample.Image = file;
                    sample.ImageExt = ext;
                }
            }

            foreach (var (key, sample) in samples)
            {
                var location = ImportPaths.Relative(root, Path.Combine(shard, key));
                string? problem = null, caption = null;
                byte[]? json = null;
                if (seen.TryGetValue(key, out var first))
                    problem = $"key '{key}' appears again (first in {first})";
                else
                {
                    if (sample.Caption is not null)
                    {
                        if (TryRead(sample.Caption, out var bytes, out problem))
                            caption = Img2DatasetSample.DecodeCaption(bytes!);
                        else
                            problem = $"caption file: {problem}";
                    }
                    if (problem is null && sample.Json is not null && !TryRead(sample.Json, out json, out problem))
                        problem = $"metadata json: {problem}";
                }
                var image = sample.Image is null ? null : new FileImageLocator(ImportPaths.Relative(root, sample.Image));
                var item = Img2DatasetSample.Build(key, location, image, caption, json, problem, skipped);
                if (item is null)
                    continue;
                seen[key] = location;
                items.Add(item);
            }
        }
        return new ImportedCorpus(root, CorpusFormat.Img2DatasetFolder, items, skipped, warnings);
    }

    /// <summary>The root, then its immediate sub-folders, in ordinal order.</summary>
    internal static IEnumerable<string> ShardFolders(string root) =>
        new[] { root }.Concat(Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal));

    private static bool TryRead(string path, out byte[]? bytes, out string? problem)
    {
        bytes = null;
        problem = null;
        try
        {
            var length = new FileInfo(path).Length;
            if (length > Img2DatasetSample.MaxSideFileBytes)
            {
                problem = $"{length} bytes is more than the {Img2DatasetSample.MaxSideFileBytes} allowed";
                return false;
            }
            bytes = File.ReadAllBytes(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"unreadable: {e.Message}";
            return false;
        }
    }

    private sealed class Sample
    {
        public string? Image;
        public string? ImageExt;
        public string? Caption;
        public string? Json;
    }
}
