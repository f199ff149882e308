using SaeExplorer.Core.Settings;

namespace SaeExplorer.Web.Services.Preparation;

/// <summary>
/// One step of getting a workspace ready (import, train SAE, index, icons; later label). Stages run in
/// <see cref="Order"/>; each run is a job in the jobs table. A stage interrupted by a restart runs again from its
/// start, so each one must first clear whatever a previous, unfinished run of it left behind, or resume from it when it
/// can tell that it is still valid (training and indexing checkpoints, the icons saved so far).
/// </summary>
public interface IPreparationStage
{
    /// <summary>Stable key stored with the stage's jobs.</summary>
    string Key { get; }
    /// <summary>What the home page says is happening, e.g. "train SAE".</summary>
    string Title { get; }
    int Order { get; }
    Task RunAsync(PreparationContext context, CancellationToken ct);
}

/// <param name="ImportedFrom">The corpus folder the workspace is made from (the demo pack, or an import).</param>
/// <param name="ImportFormat">The layout of <paramref name="ImportedFrom"/> (a CorpusFormat name), or null to detect it.</param>
/// <param name="EmbeddingsPath">The workspace's embeddings file once the import stage has run, else null.</param>
/// <param name="Files">The paths inside the workspace's folder (created).</param>
/// <param name="Report">Called with (done, total) as work advances.</param>
public sealed record PreparationContext(
    int WorkspaceId,
    string WorkspaceName,
    string ImportedFrom,
    string? ImportFormat,
    string? EmbeddingsPath,
    WorkspaceFiles Files,
    Action<int, int> Report)
{
    public string RequireEmbeddings() => EmbeddingsPath ?? throw new InvalidOperationException("the workspace has no embeddings yet");
}
