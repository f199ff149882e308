using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using SaeExplorer.Core.Sae.Training;
using SaeExplorer.Data;

namespace SaeExplorer.Web.Services.Autointerp;

/// <summary>
/// The latest <see cref="WorkspaceLabeling"/> of each SAE, kept in memory so a person's label is scored against the same
/// vocabulary and activations the stage named from without encoding the corpus again. The stage puts its run here;
/// after a restart the first label to score builds it once.
/// </summary>
public sealed class AutointerpRuns(IDbContextFactory<SaexDbContext> dbFactory, TrainerOptions training, Core.Labeling.AutointerpOptions autointerp)
{
    private readonly ConcurrentDictionary<int, Lazy<Task<WorkspaceLabeling?>>> _runs = new();

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
        LabelingInputs? inputs;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            inputs = await db.Saes.Where(s => s.Id == saeId)
                .Join(db.Workspaces, s => s.WorkspaceId, w => w.Id, (s, w) => new { s.Path, w.CorpusPath, w.EmbeddingsPath })
                .Select(x => x.EmbeddingsPath == null ? null : new LabelingInputs(saeId, x.CorpusPath, x.EmbeddingsPath, x.Path))
                .SingleOrDefaultAsync(ct);
        if (inputs is null || !File.Exists(inputs.EmbeddingsPath)) return null;
        return await Task.Run(() => WorkspaceLabeling.Run(inputs, training, autointerp, ct), ct);
    }
}
