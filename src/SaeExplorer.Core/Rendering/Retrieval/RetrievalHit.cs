namespace SaeExplorer.Core.Rendering.Retrieval;

/// <summary>One corpus row and its cosine similarity to the query.</summary>
public readonly record struct RetrievalHit(int Row, float Score);
