using SaeExplorer.Data.Workspaces;

namespace SaeExplorer.Web.Services.Preparation;

/// <summary>
/// One step of getting a workspace ready (encode, train SAE, index, label). Stages run in
/// <see cref="Order"/>; a stage interrupted by a restart runs again from its start, so each one
/// must first clear whatever a previous, unfinished run of it left behind.
/// </summary>
public interface IPreparationStage
{
    /// <summary>Stable key stored in Workspace.CompletedStages.</summary>
    string Key { get; }
    /// <summary>What the home page says is happening, e.g. "encode the demo pack".</summary>
    string Title { get; }
    int Order { get; }
    /// <summary>Whether this workspace needs the stage (the demo is encoded, an import is imported; both are trained and indexed).</summary>
    bool AppliesTo(Workspace workspace) => true;
    Task RunAsync(PreparationContext context, CancellationToken ct);
}

/// <param name="ImportedFrom">The corpus folder an imported workspace comes from; null for the demo.</param>
/// <param name="ImportFormat">The layout of <paramref name="ImportedFrom"/> (a CorpusFormat name), or null to detect it.</param>
/// <param name="EmbeddingsPath">The workspace's embeddings file once the encode stage has run, else null.</param>
/// <param name="WorkspaceDirectory">Folder for this workspace's files (embeddings, weights), created.</param>
/// <param name="Report">Called with (done, total) as work advances.</param>
public sealed record PreparationContext(
    int WorkspaceId,
    string WorkspaceName,
    string CorpusPath,
    string WorkspaceDirectory,
    string? ImportedFrom,
    string? ImportFormat,
    string? EmbeddingsPath,
    Action<int, int> Report)
{
    public string RequireEmbeddings() => EmbeddingsPath ?? throw new InvalidOperationException("the workspace has no embeddings yet");

    /// <summary>
    /// Empties <see cref="WorkspaceDirectory"/>. The first stage calls it: every later stage's files (SAE checkpoints,
    /// index checkpoints) belong to the old embeddings and must not be resumed from.
    /// </summary>
    public void ClearWorkspaceDirectory()
    {
        foreach (var dir in Directory.EnumerateDirectories(WorkspaceDirectory)) Directory.Delete(dir, recursive: true);
        foreach (var file in Directory.EnumerateFiles(WorkspaceDirectory)) File.Delete(file);
    }
}
