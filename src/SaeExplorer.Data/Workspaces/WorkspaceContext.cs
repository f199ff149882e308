using SaeExplorer.Core.Encoders;

namespace SaeExplorer.Data.Workspaces;

/// <summary>What a feature or image page needs to know about its workspace and active SAE (from <see cref="WorkspaceQueries.FindAsync"/>).</summary>
public sealed record WorkspaceContext(
    int WorkspaceId, string Name, string CorpusPath, string? EmbeddingsPath, EmbeddingSpace? Space,
    int? SaeId, string? SaePath, int DSae)
{
    public bool HasSae => SaeId is not null;
}
