namespace SaeExplorer.Core.Corpus.Import;

/// <summary>Where an item's image bytes live, when they are local. Paths are relative to the corpus root, '/'-separated.</summary>
public abstract record ImageLocator;

/// <summary>An image file below the corpus root.</summary>
public sealed record FileImageLocator(string RelativePath) : ImageLocator
{
    public override string ToString() => RelativePath;
}

/// <summary>
/// A member of a tar shard below the corpus root. <see cref="DataOffset"/> and <see cref="Length"/> locate its
/// bytes in the tar file, so reading it later is one seek and one read.
/// </summary>
public sealed record TarMemberLocator(string TarPath, string MemberName, long DataOffset, long Length) : ImageLocator
{
    public override string ToString() => $"{TarPath}#{MemberName}";
}

/// <summary>Row <see cref="Row"/> of embeddings shard <see cref="Shard"/> (an index into <see cref="ImportedCorpus.EmbeddingShards"/>).</summary>
public readonly record struct EmbeddingRef(int Shard, long Row);

/// <summary>One image of an imported corpus.</summary>
/// <param name="Id">Unique within the corpus (img2dataset's key, a manifest id, or shard/row for clip-retrieval).</param>
/// <param name="Caption">The alt text or description, when there is one.</param>
/// <param name="Url">Where the image came from, when known.</param>
/// <param name="Image">Where its bytes are, when they are local; null when it is known only by URL.</param>
/// <param name="Width">Stored image width, when the metadata says.</param>
/// <param name="Height">Stored image height, when the metadata says.</param>
/// <param name="Metadata">Everything else the source had (similarity, licence, original_width, ...), as invariant strings.</param>
/// <param name="Embedding">Its row in the shipped embeddings, when the corpus ships them.</param>
public sealed record CorpusItem(
    string Id,
    string? Caption,
    string? Url,
    ImageLocator? Image,
    int? Width,
    int? Height,
    IReadOnlyDictionary<string, string> Metadata,
    EmbeddingRef? Embedding = null)
{
    /// <summary>True when the image bytes are available locally (<see cref="ImportedCorpus.OpenImage"/> works).</summary>
    public bool HasLocalImage => Image is not null;

    /// <summary>
    /// The item as a manifest entry: Description = caption, Source = URL, Licence from the metadata when present.
    /// File is the relative image path, or "shard.tar#member" for a tar member (read those with
    /// <see cref="ImportedCorpus.OpenImage"/>), or empty when the image is known only by URL.
    /// </summary>
    public ManifestEntry ToManifestEntry() => new(
        Id,
        Image?.ToString() ?? "",
        Metadata.GetValueOrDefault("category"),
        Metadata.GetValueOrDefault("subcategory"),
        Caption,
        Url ?? Metadata.GetValueOrDefault("source"),
        Metadata.GetValueOrDefault("licence") ?? Metadata.GetValueOrDefault("license"));
}

/// <summary>Something in the input that was left out, and why.</summary>
/// <param name="Location">The file (relative to the root), tar member ("shard.tar#member") or metadata row it concerns.</param>
/// <param name="Reason">What was wrong, in words a user can act on.</param>
/// <param name="Id">The item's key, when one was known.</param>
public sealed record ImportIssue(string Location, string Reason, string? Id = null)
{
    public override string ToString() => Id is null ? $"{Location}: {Reason}" : $"{Location} ({Id}): {Reason}";
}

/// <summary>One embeddings .npy file shipped with the corpus.</summary>
/// <param name="NpyPath">Full path of the .npy file (open it with <see cref="Embeddings.NpyFile.Open"/>).</param>
/// <param name="MetadataPath">Full path of the metadata file whose rows it matches, row for row.</param>
/// <param name="FirstRow">Row number of its first row when all shards are read one after the other.</param>
public sealed record EmbeddingShard(string NpyPath, string MetadataPath, long Rows, int Columns, Embeddings.NpyDType DType, long FirstRow);
