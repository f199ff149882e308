using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Sae.Loading;

namespace SaeExplorer.Data.Workspaces;

/// <summary>
/// What a feature or image page needs to know about its workspace and the one SAE it shows (from
/// <see cref="WorkspaceQueries.FindAsync"/>): the SAE ?sae= names, else the workspace's first.
/// </summary>
/// <param name="SaePath">What the SAE loader opens (a SAELens folder, or the imported file).</param>
/// <param name="SaeFolder">The folder of the SAE's index and icons (<see cref="Core.Settings.SaeFiles.Root"/>).</param>
/// <param name="IsDefaultSae">The workspace's first SAE, which addresses without ?sae= name.</param>
public sealed record WorkspaceContext(
    int WorkspaceId, string Name, string CorpusPath, string? EmbeddingsPath, EmbeddingSpace? Space,
    int? SaeId, string? SaePath, int DSae, string? SaeName = null, SaeFormat SaeFormat = SaeFormat.SaeLens, string? SaeFolder = null,
    bool IsDefaultSae = true, string? SaeFingerprint = null)
{
    public bool HasSae => SaeId is not null;

    /// <summary>The value of ?sae= that addresses this SAE: null for the workspace's first, whose addresses leave it out.</summary>
    public string? SaeQuery => IsDefaultSae ? null : SaeName;
}
