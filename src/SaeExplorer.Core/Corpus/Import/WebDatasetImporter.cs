using System.Formats.Tar;

namespace SaeExplorer.Core.Corpus.Import;

/// <summary>
/// Reads img2dataset's "webdataset" output: .tar shards (00000.tar, ...) whose members &lt;key&gt;.jpg (or .png, .webp, ...),
/// &lt;key&gt;.txt and &lt;key&gt;.json are grouped by key (the member name up to the first '.' of its last segment).
/// The tars are streamed with <see cref="TarReader"/> (ustar, pax and GNU long names), nothing is extracted:
/// each image is indexed by its data offset in the shard, so <see cref="ImportedCorpus.OpenImage"/> is one seek.
/// Members with unsafe names ("../x", "/etc/x") are skipped with the reason; a truncated or corrupt tar keeps the
/// samples read before the damage and reports where it stopped.
/// </summary>
public static class WebDatasetImporter
{
    /// <summary>The .tar shards of <paramref name="root"/> (its own and its immediate sub-folders'), in ordinal order.</summary>
    public static IReadOnlyList<string> FindShards(string root) =>
        Img2DatasetFolderImporter.ShardFolders(root)
            .SelectMany(dir => Directory.EnumerateFiles(dir, "*.tar"))
            .Select(f => ImportPaths.Relative(root, f))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static ImportedCorpus Import(string root)
    {
        if (!Directory.Exists(root))
            throw new CorpusImportException($"No such folder: {root}");
        root = Path.GetFullPath(root);
        var shards = FindShards(root);
        if (shards.Count == 0)
            throw new CorpusImportException($"{root}: no .tar shards found.");

        var items = new List<CorpusItem>();
        var skipped = new List<ImportIssue>();
        var warnings = new List<ImportIssue>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var shard in shards)
        {
            var samples = ReadShard(root, shard, skipped, warnings);
            foreach (var (key, sample) in samples)
            {
                var location = $"{shard}#{key}";
                var problem = sample.Problem;
                if (problem is null && seen.TryGetValue(key, out var first))
                    problem = $"key '{key}' appears again (first in {first})";
                var item = Img2DatasetSample.Build(key, location, sample.Image, sample.Caption, sample.Json, problem, skipped);
                if (item is null)
                    continue;
                seen[key] = location;
                items.Add(item);
            }
        }
        return new ImportedCorpus(root, CorpusFormat.WebDataset, items, skipped, warnings);
    }

    /// <summary>Indexes one shard; samples in the order their first member appears.</summary>
    private static List<(string Key, Sample Sample)> ReadShard(string root, string shard, List<ImportIssue> skipped, List<ImportIssue> warnings)
    {
        var order = new List<(string Key, Sample Sample)>();
        var byKey = new Dictionary<string, Sample>(StringComparer.Ordinal);
        if (!ImportPaths.TryResolveInside(root, shard, out var path, out var reason))
        {
            skipped.Add(new ImportIssue(shard, reason));
            return order;
        }
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            skipped.Add(new ImportIssue(shard, $"unreadable: {e.Message}"));
            return order;
        }
        using (stream)
        using (var reader = new TarReader(stream, leaveOpen: true))
        {
            var fileLength = stream.Length;
            var position = 0L;
            var members = 0;
            while (true)
            {
                TarEntry? entry;
                try
                {
                    entry = reader.GetNextEntry(copyData: false);
                }
                catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException or IOException or ArgumentException)
                {
                    skipped.Add(new ImportIssue(shard, $"truncated or corrupt tar: {e.Message.TrimEnd('.')} (in the header after byte {position}); the rest of this shard is skipped"));
                    break;
                }
                if (entry is null)
                {
                    if (members == 0)
                        warnings.Add(new ImportIssue(shard, "the tar has no members"));
                    break;
                }
                members++;
                var name = entry.Name;
                var location = $"{shard}#{name}";
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile))
                {
                    if (entry.EntryType is not (TarEntryType.Directory or TarEntryType.GlobalExtendedAttributes))
                        skipped.Add(new ImportIssue(location, $"not a regular file ({entry.EntryType})"));
                    continue;
                }
                if (entry.DataOffset < 0 || entry.Length < 0 || entry.DataOffset + entry.Length > fileLength)
                {
                    skipped.Add(new ImportIssue(location,
                        $"truncated tar: the member claims {entry.Length} bytes from byte {entry.DataOffset}, but the file ends at byte {fileLength}; the rest of this shard is skipped"));
                    break;
                }
                position = entry.DataOffset + entry.Length;
                if (!ImportPaths.IsSafeRelativeName(name, out reason))
                {
                    skipped.Add(new ImportIssue(location, reason));
                    continue;
                }
                if (!Img2DatasetSample.TrySplit(name, out var key, out var ext))
                {
                    warnings.Add(new ImportIssue(location, "member has no extension; ignored"));
                    continue;
                }
                var isImage = Img2DatasetSample.IsImageExtension(ext);
                if (!isImage && ext != "txt" && ext != "json")
                    continue;
                if (!byKey.TryGetValue(key, out var sample))
                {
                    byKey[key] = sample = new Sample();
                    order.Add((key, sample));
                }
                if (isImage)
                {
                    if (sample.Image is not null && !Img2DatasetSample.Prefer(ext, sample.ImageExt!))
                    {
                        warnings.Add(new ImportIssue(location, $"more than one image for this key; keeping .{sample.ImageExt}", key));
                        continue;
                    }
                    if (sample.Image is not null)
                        warnings.Add(new ImportIssue(location, $"more than one image for this key; using .{ext}", key));
                    sample.Image = new TarMemberLocator(shard, name, entry.DataOffset, entry.Length);
                    sample.ImageExt = ext;
                }
                else if (entry.Length > Img2DatasetSample.MaxSideFileBytes)
                {
                    sample.Problem ??= $"{name}: {entry.Length} bytes is more than the {Img2DatasetSample.MaxSideFileBytes} allowed";
                }
                else
                {
                    var bytes = new byte[entry.Length];
                    try
                    {
                        stream.Position = entry.DataOffset;
                        stream.ReadExactly(bytes);
                    }
                    catch (Exception e) when (e is IOException or EndOfStreamException)
                    {
                        sample.Problem ??= $"{name}: unreadable: {e.Message}";
                        continue;
                    }
                    finally
                    {
                        // TarReader seeks past the data itself before the next header, from where it left the stream.
                        stream.Position = entry.DataOffset;
                    }
                    if (ext == "txt") sample.Caption = Img2DatasetSample.DecodeCaption(bytes);
                    else sample.Json = bytes;
                }
            }
        }
        return order;
    }

    private sealed class Sample
    {
        public TarMemberLocator? Image;
        public string? ImageExt;
        public string? Caption;
        public byte[]? Json;
        public string? Problem;
    }
}
