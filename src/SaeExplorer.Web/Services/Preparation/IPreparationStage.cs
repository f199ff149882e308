using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Settings;
using SaeExplorer.Data.Saes;

namespace SaeExplorer.Web.Services.Preparation;

/// <summary>
/// One step of getting a workspace ready. Workspace stages (import the corpus, index nearest images) run once per
/// workspace; SAE stages (train or load, index features, label, icons) once per SAE, each SAE on its own, in
/// <see cref="Order"/>; each run is a job in the jobs table (with its SAE's id). A stage interrupted by a restart runs
/// again from its start, so each one must first clear whatever a previous, unfinished run of it left behind, or resume
/// from it when it can tell that it is still valid (training and indexing checkpoints, the icons saved so far).
/// </summary>
public interface IPreparationStage
{
    /// <summary>Stable key stored with the stage's jobs.</summary>
    string Key { get; }
    /// <summary>What the home page says is happening, e.g. "train SAE".</summary>
    string Title { get; }
    int Order { get; }
    /// <summary>Whether it runs once for the workspace or once for each SAE.</summary>
    StageScope Scope { get; }
    /// <summary>Whether an SAE stage runs for <paramref name="sae"/> (training for a trained SAE, loading for an imported one).</summary>
    bool AppliesTo(SaeTarget sae) => true;
    Task RunAsync(PreparationContext context, CancellationToken ct);
}

public enum StageScope
{
    Workspace,
    Sae,
}

/// <summary>The SAE an SAE stage runs for: its row's id and name, where it came from and where its files go.</summary>
public sealed record SaeTarget(int Id, string Name, string Origin, SaeFormat Format, string? Source, string? IndexSource, SaeFiles Files)
{
    public static SaeTarget Of(WorkspaceSae sae) =>
        new(sae.Id, sae.Name, sae.Origin, SaeFormatNames.Parse(sae.Format), sae.Source, sae.IndexSource, SaeFiles.OfWeights(sae.Path));
}

/// <param name="ImportedFrom">The corpus folder the workspace is made from (the demo pack, or an import).</param>
/// <param name="ImportFormat">The layout of <paramref name="ImportedFrom"/> (a CorpusFormat name), or null to detect it.</param>
/// <param name="EmbeddingsPath">The workspace's embeddings file once the import stage has run, else null.</param>
/// <param name="Files">The paths inside the workspace's folder (created).</param>
/// <param name="Sae">The SAE an SAE stage runs for; null for a workspace stage.</param>
/// <param name="Report">Called with (done, total) as work advances.</param>
public sealed record PreparationContext(
    int WorkspaceId,
    string WorkspaceName,
    string ImportedFrom,
    string? ImportFormat,
    string? EmbeddingsPath,
    WorkspaceFiles Files,
    SaeTarget? Sae,
    Action<int, int> Report)
{
    public string RequireEmbeddings() => EmbeddingsPath ?? throw new InvalidOperationException("the workspace has no embeddings yet");

    public SaeTarget RequireSae() => Sae ?? throw new InvalidOperationException("an SAE stage ran without its SAE");
}
