namespace SaeExplorer.Core.Indexing;

/// <summary>A feature index file is not one, is of an unsupported version, truncated, or corrupt.</summary>
public sealed class FeatureIndexFormatException(string message) : IOException(message);
