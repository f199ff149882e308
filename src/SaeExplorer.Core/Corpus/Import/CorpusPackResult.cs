namespace SaeExplorer.Core.Corpus.Import;

/// <summary>What <see cref="CorpusPackBuilder.Build"/> wrote.</summary>
/// <param name="Folder">The pack folder: manifest.csv, images/, embeddings.npy (+ .ids.txt).</param>
/// <param name="EmbeddingsPath">The embeddings file; null when nothing could be embedded (no local image, none shipped).</param>
/// <param name="Dimension">Columns of the embeddings; 0 when none were written.</param>
/// <param name="ShippedEmbeddings">True when the rows came with the corpus, false when they were encoded here.</param>
/// <param name="Rows">One per pack row, in row order: the pack's manifest entry (file under images/, or empty for URL-only), size and hash.</param>
/// <param name="Skipped">The corpus's own skips and the items the pack could not take, with reasons.</param>
/// <param name="Space">The space of the embeddings (also written beside them as embedding-space.json); null when there are none.</param>
public sealed record CorpusPackResult(
    string Folder,
    string? EmbeddingsPath,
    int Dimension,
    bool ShippedEmbeddings,
    IReadOnlyList<CorpusImageOutcome> Rows,
    IReadOnlyList<ImportIssue> Skipped,
    Encoders.EmbeddingSpace? Space)
{
    public int LocalImages => Rows.Count(r => r.Entry.File.Length > 0);
}
