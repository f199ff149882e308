using System.Collections.Concurrent;
using SaeExplorer.Core.Sae.Training;
using SaeExplorer.Data.Saes;

namespace SaeExplorer.Web.Services.Autointerp;

/// <summary>
/// The latest <see cref="WorkspaceLabeling"/> of each SAE, kept in memory so a person's label is scored against the same
/// vocabulary and activations the stage named from without encoding the corpus again. The stage puts its run here;
/// after a restart the first label to score builds it once.
/// </summary>
public sealed class AutointerpRuns(SaeStore saes, TrainerOptions training, Core.Labeling.AutointerpOptions autointerp)
{
    private readonly ConcurrentDictionary<int, Lazy<Task<WorkspaceLabeling?>>> _runs = new();

    /// <summary>How the runs name features (Autointerp:Method).</summary>
    public Core.Labeling.NamingMethod Method => autointerp.Method;

    /// <summary>A fresh run for the SAE (the stage's), replacing any kept one.</summary>
    public async Task<WorkspaceLabeling?> RunAsync(int saeId, CancellationToken ct)
    {
        var run = await BuildAsync(saeId, ct);
        _runs[saeId] = new Lazy<Task<WorkspaceLabeling?>>(Task.FromResult(run));
        return run;
    }

    /// <summary>The kept run, or one built now; null when the SAE or its workspace's files are gone.</summary>
    public Task<WorkspaceLabeling?> ForSaeAsync(int saeId) =>
        _runs.GetOrAdd(saeId, id => new Lazy<Task<WorkspaceLabeling?>>(() => BuildAsync(id, CancellationToken.None))).Value;

    private async Task<WorkspaceLabeling?> BuildAsync(int saeId, CancellationToken ct)
    {
        if (await saes.FilesAsync(saeId, ct) is not { EmbeddingsPath: { } embeddings } files || !File.Exists(embeddings)) return null;
        var inputs = new LabelingInputs(saeId, files.CorpusPath, embeddings, files.SaePath);
        return await Task.Run(() => WorkspaceLabeling.Run(inputs, training, autointerp, ct), ct);
    }
}
