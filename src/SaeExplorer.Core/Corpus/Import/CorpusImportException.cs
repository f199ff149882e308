namespace SaeExplorer.Core.Corpus.Import;

/// <summary>A corpus cannot be imported at all (or an image locator is stale); the message names the file(s) and what was wrong.</summary>
public sealed class CorpusImportException : IOException
{
    public CorpusImportException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
