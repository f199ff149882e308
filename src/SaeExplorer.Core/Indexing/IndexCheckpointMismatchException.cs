namespace SaeExplorer.Core.Indexing;

/// <summary>A build found a checkpoint left by another build (other rows, SAE or settings); the message says both and how to start over.</summary>
public sealed class IndexCheckpointMismatchException(string message) : Exception(message);
