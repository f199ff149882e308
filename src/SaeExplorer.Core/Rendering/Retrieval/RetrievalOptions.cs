namespace SaeExplorer.Core.Rendering.Retrieval;

/// <summary>What <see cref="ExactRetrieval.Nearest"/> returns and how it splits the work.</summary>
public sealed record RetrievalOptions
{
    /// <summary>Rows to return (k); fewer when the corpus, less the excluded rows, is smaller.</summary>
    public int Top { get; init; } = 8;

    /// <summary>Rows never returned, e.g. the source image's own row.</summary>
    public IReadOnlyCollection<int> Exclude { get; init; } = [];

    /// <summary>Rows per block: the unit of parallel work and of cancellation checks.</summary>
    public int BlockRows { get; init; } = 1024;

    /// <summary>Blocks scored at once (threads).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    internal void Validate()
    {
        if (Top < 0)
            throw new ArgumentOutOfRangeException(nameof(Top), $"retrieval: top must be >= 0, was {Top}");
        if (BlockRows < 1)
            throw new ArgumentOutOfRangeException(nameof(BlockRows), $"retrieval: block rows must be >= 1, was {BlockRows}");
        if (Threads < 1)
            throw new ArgumentOutOfRangeException(nameof(Threads), $"retrieval: threads must be >= 1, was {Threads}");
        ArgumentNullException.ThrowIfNull(Exclude);
    }
}
