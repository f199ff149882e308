using SaeExplorer.Core.IO;

namespace SaeExplorer.Core.Corpus.Import;

/// <summary>
/// A corpus read from one of the layouts in <see cref="CorpusFormat"/>: its items in source order, what was
/// left out and why, and, when it ships embeddings, the .npy shards with each item's row. Importing never
/// writes anything; image bytes are read on demand with <see cref="OpenImage"/>.
/// </summary>
public sealed class ImportedCorpus
{
    public ImportedCorpus(
        string root,
        CorpusFormat format,
        IReadOnlyList<CorpusItem> items,
        IReadOnlyList<ImportIssue> skipped,
        IReadOnlyList<ImportIssue>? warnings = null,
        IReadOnlyList<EmbeddingShard>? embeddingShards = null)
    {
        Root = Path.GetFullPath(root);
        Format = format;
        Items = items;
        Skipped = skipped;
        Warnings = warnings ?? [];
        EmbeddingShards = embeddingShards ?? [];
        DeclaredSpace = Encoders.EmbeddingSpace.TryLoad(Path.Combine(Root, Encoders.EmbeddingSpace.FileName));
    }

    /// <summary>The space the corpus declares for its shipped vectors (an embedding-space.json in its folder), if any.</summary>
    public Encoders.EmbeddingSpace? DeclaredSpace { get; }

    /// <summary>The corpus folder (full path); every locator is relative to it.</summary>
    public string Root { get; }

    public CorpusFormat Format { get; }

    public IReadOnlyList<CorpusItem> Items { get; }

    /// <summary>Items left out, with the reason (failed downloads, unreadable metadata, unsafe names, ...).</summary>
    public IReadOnlyList<ImportIssue> Skipped { get; }

    /// <summary>Problems that did not drop an item (e.g. an image_path outside the corpus: the item keeps its URL only).</summary>
    public IReadOnlyList<ImportIssue> Warnings { get; }

    /// <summary>The shipped embeddings, in row order; empty when the corpus has none. See <see cref="CorpusItem.Embedding"/>.</summary>
    public IReadOnlyList<EmbeddingShard> EmbeddingShards { get; }

    /// <summary>Total embedding rows over all shards.</summary>
    public long EmbeddingRows => EmbeddingShards.Sum(s => s.Rows);

    /// <summary>The item's row when all <see cref="EmbeddingShards"/> are read one after the other; null when it has none.</summary>
    public long? GlobalEmbeddingRow(CorpusItem item) =>
        item.Embedding is { } e ? EmbeddingShards[e.Shard].FirstRow + e.Row : null;

    /// <summary>
    /// Opens the item's image bytes: the file, or just the tar member's bytes (a seekable read-only view of the shard).
    /// Dispose the stream. Suitable for <see cref="Imaging.ImageLoader.Load(Stream)"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The item has no local image (it is known only by URL).</exception>
    /// <exception cref="CorpusImportException">The locator leaves the corpus folder, or the tar is shorter than the index says.</exception>
    public Stream OpenImage(CorpusItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        switch (item.Image)
        {
            case FileImageLocator file:
                return new FileStream(Resolve(file.RelativePath), FileMode.Open, FileAccess.Read, FileShare.Read);
            case TarMemberLocator member:
                var tarPath = Resolve(member.TarPath);
                var stream = new FileStream(tarPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
                try
                {
                    if (member.DataOffset < 0 || member.Length < 0 || member.DataOffset + member.Length > stream.Length)
                        throw new CorpusImportException(
                            $"{member}: the member's bytes {member.DataOffset}..{member.DataOffset + member.Length} lie beyond the end of " +
                            $"{member.TarPath} ({stream.Length} bytes); was the tar changed after import?");
                    return new SubReadStream(stream, member.DataOffset, member.Length);
                }
                catch
                {
                    stream.Dispose();
                    throw;
                }
            default:
                throw new InvalidOperationException($"Item '{item.Id}' has no local image; it is known only by URL ({item.Url ?? "none"}).");
        }
    }

    /// <summary>The item's image bytes, all of them (<see cref="OpenImage"/> read to the end).</summary>
    public byte[] ReadImageBytes(CorpusItem item)
    {
        using var stream = OpenImage(item);
        var bytes = new byte[checked((int)stream.Length)];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private string Resolve(string relative) =>
        ImportPaths.TryResolveInside(Root, relative, out var full, out var reason)
            ? full
            : throw new CorpusImportException($"{relative}: {reason}");
}
