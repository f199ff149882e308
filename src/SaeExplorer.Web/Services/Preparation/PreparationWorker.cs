using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using SaeExplorer.Core.Corpus;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Data;
using SaeExplorer.Data.Configuration;
using SaeExplorer.Data.Workspaces;

namespace SaeExplorer.Web.Services.Preparation;

/// <summary>
/// Prepares workspaces in the background, stage by stage, publishing progress to <see cref="PreparationState"/> and
/// the database: the demo workspace on first run, imported ones when <see cref="PreparationQueue"/> asks, and at
/// start every workspace an earlier run left unfinished.
/// </summary>
public sealed class PreparationWorker(
    IDbContextFactory<SaexDbContext> dbFactory,
    IEnumerable<IPreparationStage> stages,
    PreparationState state,
    PreparationQueue queue,
    SaexOptions options,
    EncoderOptions encoder,
    ILogger<PreparationWorker> log) : BackgroundService
{
    private static readonly TimeSpan PublishEvery = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan PersistEvery = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        await Task.Yield(); // let the host finish starting
        await EnsureDemoAsync(ct);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            // Every workspace: unfinished ones go on, ready ones return at once unless a new version added a stage.
            foreach (var id in await db.Workspaces.OrderBy(w => w.Id).Select(w => w.Id).ToListAsync(ct))
                queue.Enqueue(id);
        }
        await foreach (var id in queue.ReadAllAsync(ct))
        {
            try
            {
                await PrepareAsync(id, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                log.LogError(e, "Preparing workspace {Id} failed outside its stages.", id); // the next workspace still runs
            }
        }
    }

    private async Task EnsureDemoAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(options.DemoPack)) return;
        var corpus = SaexPaths.Resolve(options.DemoPack);
        if (!File.Exists(Path.Combine(corpus, CorpusManifest.FileName)))
        {
            log.LogWarning("No demo pack at {Path} (no {Manifest}); the demo workspace is not prepared.", corpus, CorpusManifest.FileName);
            return;
        }
        await EnsureWorkspaceAsync(corpus, ct);
    }

    private async Task EnsureWorkspaceAsync(string corpus, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ws = await db.Workspaces.SingleOrDefaultAsync(w => w.Name == options.DemoWorkspace, ct);
        var now = DateTimeOffset.UtcNow;
        if (ws == null)
        {
            ws = new Workspace
            {
                Name = options.DemoWorkspace, EncoderPreset = encoder.Preset, CorpusPath = corpus,
                State = WorkspaceState.Preparing, CreatedAt = now, UpdatedAt = now,
            };
            db.Workspaces.Add(ws);
        }
        else if (ws.EncoderPreset != encoder.Preset)
        {
            // Another encoder makes every later stage stale: start over.
            log.LogInformation("Encoder changed from {Old} to {New}: preparing workspace {Name} again.", ws.EncoderPreset, encoder.Preset, ws.Name);
            ws.EncoderPreset = encoder.Preset;
            ws.CompletedStages = "";
            ws.State = WorkspaceState.Preparing;
        }
        ws.CorpusPath = corpus;
        await db.SaveChangesAsync(ct);
    }

    private async Task PrepareAsync(int workspaceId, CancellationToken ct)
    {
        Workspace workspace;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            workspace = await db.Workspaces.AsNoTracking().SingleAsync(w => w.Id == workspaceId, ct);
        var corpus = workspace.CorpusPath;
        var ordered = stages.Where(s => s.AppliesTo(workspace)).OrderBy(s => s.Order).ToList();
        var done = workspace.CompletedStages.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var pending = ordered.Where(s => !done.Contains(s.Key)).ToList();
        if (pending.Count == 0)
        {
            if (workspace.State != WorkspaceState.Ready) await UpdateAsync(workspace.Id, w => w.State = WorkspaceState.Ready, ct);
            return;
        }
        var directory = Path.Combine(SaexPaths.Resolve(options.DataDirectory), "workspaces", workspace.Name);
        Directory.CreateDirectory(directory);

        foreach (var stage in pending)
        {
            var number = ordered.IndexOf(stage) + 1;
            var clock = Stopwatch.StartNew();
            TimeSpan lastPublish = TimeSpan.MinValue, lastPersist = TimeSpan.Zero;
            void Publish(int d, int t, bool force)
            {
                var now = clock.Elapsed;
                if (!force && now - lastPublish < PublishEvery) return;
                lastPublish = now;
                state.Set(new PreparationSnapshot(workspace.Name, WorkspaceState.Preparing, stage.Title, number, ordered.Count, d, t, now, null));
                if (!force && now - lastPersist < PersistEvery) return;
                lastPersist = now; // progress in the database too, for the CLI and after a restart
                UpdateAsync(workspace.Id, w => { w.StageDone = d; w.StageTotal = t; }, ct).GetAwaiter().GetResult();
            }
            await UpdateAsync(workspace.Id, w =>
            {
                w.State = WorkspaceState.Preparing; w.Stage = stage.Title; w.StageDone = 0; w.StageTotal = 0;
                w.StageStartedAt = DateTimeOffset.UtcNow; w.Error = null;
            }, ct);
            Publish(0, 0, force: true);
            log.LogInformation("Workspace {Name}: stage {Number}/{Count} '{Stage}' started.", workspace.Name, number, ordered.Count, stage.Title);
            try
            {
                var context = new PreparationContext(workspace.Id, workspace.Name, corpus, directory, workspace.ImportedFrom,
                    workspace.ImportFormat, await EmbeddingsPathAsync(workspace.Id, ct), (d, t) => Publish(d, t, force: d >= t));
                await Task.Run(() => stage.RunAsync(context, ct), ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return; // shutting down: the stage runs again from its start next time
            }
            catch (Exception e)
            {
                log.LogError(e, "Workspace {Name}: stage '{Stage}' failed.", workspace.Name, stage.Title);
                var reason = e.GetBaseException().Message; // the inner cause, not "see the inner exception"
                await UpdateAsync(workspace.Id, w => { w.State = WorkspaceState.Failed; w.Error = $"{stage.Title}: {reason}"; }, CancellationToken.None);
                state.Set(new PreparationSnapshot(workspace.Name, WorkspaceState.Failed, stage.Title, number, ordered.Count, 0, 0, clock.Elapsed, reason));
                return;
            }
            done.Add(stage.Key);
            var completed = string.Join(',', ordered.Where(s => done.Contains(s.Key)).Select(s => s.Key));
            await UpdateAsync(workspace.Id, w => w.CompletedStages = completed, ct);
            log.LogInformation("Workspace {Name}: stage '{Stage}' done in {Seconds:F1} s.", workspace.Name, stage.Title, clock.Elapsed.TotalSeconds);
        }
        await UpdateAsync(workspace.Id, w => { w.State = WorkspaceState.Ready; w.Stage = null; }, ct);
        state.Set(new PreparationSnapshot(workspace.Name, WorkspaceState.Ready, null, ordered.Count, ordered.Count, 0, 0, TimeSpan.Zero, null));
    }

    private async Task<string?> EmbeddingsPathAsync(int workspaceId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Workspaces.Where(w => w.Id == workspaceId).Select(w => w.EmbeddingsPath).SingleAsync(ct);
    }

    private async Task UpdateAsync(int workspaceId, Action<Workspace> change, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ws = await db.Workspaces.SingleAsync(w => w.Id == workspaceId, ct);
        change(ws);
        ws.UpdatedAt = DateTimeOffset.UtcNow;
        await db.SaveChangesAsync(ct);
    }
}
