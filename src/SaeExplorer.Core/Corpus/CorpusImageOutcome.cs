namespace SaeExplorer.Core.Corpus;

/// <summary>What became of one manifest entry: its embedding row, or why it was skipped.</summary>
/// <param name="Row">Row in the embeddings file; null when skipped.</param>
/// <param name="Hash">SHA-256 of the file's bytes (hex); null when the file could not be read.</param>
public sealed record CorpusImageOutcome(ManifestEntry Entry, int? Row, int Width, int Height, string? Hash, string? SkipReason)
{
    public bool Skipped => Row is null;
}
