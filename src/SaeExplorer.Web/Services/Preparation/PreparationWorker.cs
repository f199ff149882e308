using System.Diagnostics;
using SaeExplorer.Core.Corpus;
using SaeExplorer.Core.Corpus.Import;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Settings;
using SaeExplorer.Data.Jobs;
using SaeExplorer.Data.Saes;
using SaeExplorer.Data.Workspaces;

namespace SaeExplorer.Web.Services.Preparation;

/// <summary>
/// Prepares workspaces in the background, stage by stage, each run a job in the jobs table, publishing live progress to
/// <see cref="PreparationState"/>: first the workspace stages (import the corpus, index nearest images), then each SAE's
/// stages (train or load, index, label, icons), each SAE on its own, so one SAE that fails leaves the others ready. It
/// takes the demo workspace on first run (through the same import stage as any corpus folder with a manifest.csv),
/// those <see cref="PreparationQueue"/> asks for, at start every workspace an earlier run left unfinished, and, polling
/// every few seconds (one indexed query), workspaces another process made (saex workspace create). Several instances
/// may share the database: each workspace is prepared by the one instance that holds its lease
/// (<see cref="PreparationLeaseStore"/>), renewed while its stages run; the others try again later, and take over once a
/// dead holder's lease has expired.
/// </summary>
public sealed class PreparationWorker(
    WorkspaceStore workspaces,
    WorkspaceCreation creation,
    SaeStore saes,
    PreparationJobStore jobs,
    PreparationLeaseStore leases,
    IEnumerable<IPreparationStage> stages,
    PreparationState state,
    PreparationQueue queue,
    SaexOptions options,
    EncoderOptions encoder,
    PreparationLeaseOptions lease,
    ILogger<PreparationWorker> log) : BackgroundService
{
    /// <summary>How often the worker looks for workspaces waiting to be prepared that nobody queued (the CLI's).</summary>
    public static readonly TimeSpan PollEvery = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan PublishEvery = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan PersistEvery = TimeSpan.FromSeconds(2);

    /// <summary>This instance, as the leases name it.</summary>
    private readonly string _instance = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}"; // host names are at most 64 characters

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        await Task.Yield(); // let the host finish starting
        await EnsureDemoAsync(ct);
        await RecordFingerprintsAsync(ct);
        // Every workspace: unfinished ones go on, ready ones return at once unless a new version added a stage.
        foreach (var id in await workspaces.IdsAsync(ct))
            queue.Enqueue(id);
        var polling = PollAsync(ct);
        await foreach (var id in queue.ReadAllAsync(ct))
        {
            try
            {
                await PrepareAsync(id, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                log.LogError(e, "Preparing workspace {Id} failed outside its stages.", id); // the next workspace still runs
                await workspaces.SetStateAsync(id, WorkspaceState.Failed, CancellationToken.None); // not polled again until retried
            }
        }
        await polling;
    }

    private async Task PollAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(PollEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try
                {
                    queue.EnqueueIdle(await workspaces.PreparingIdsAsync(ct));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning(e, "Looking for workspaces to prepare failed; trying again in {Seconds} s.", PollEvery.TotalSeconds);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // the app is stopping
        }
    }

    private async Task EnsureDemoAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(options.DemoPack)) return;
        var pack = SaexPaths.Resolve(options.DemoPack);
        if (!File.Exists(Path.Combine(pack, CorpusManifest.FileName)))
        {
            log.LogWarning("No demo pack at {Path} (no {Manifest}); the demo workspace is not prepared.", pack, CorpusManifest.FileName);
            return;
        }
        var ws = await workspaces.RowAsync(options.DemoWorkspace, ct);
        if (ws == null)
        {
            var now = DateTimeOffset.UtcNow;
            await workspaces.TryAddAsync(new Workspace
            {
                Name = options.DemoWorkspace, CorpusPath = pack, ImportedFrom = pack, ImportFormat = nameof(CorpusFormat.Manifest),
                State = WorkspaceState.Preparing, CreatedAt = now, UpdatedAt = now,
            }, [creation.Trained(options.DemoWorkspace)], ct);
            return;
        }
        if (ws.Space is { IsShipped: false } space && EncoderChanged(space) is { } change)
        {
            // Another encoder makes every stage stale: start over.
            log.LogInformation("Encoder changed ({Change}): preparing workspace {Name} again.", change, ws.Name);
            await jobs.SupersedeAllAsync(ws.Id, ct);
            await workspaces.SetStateAsync(ws.Id, WorkspaceState.Preparing, ct);
        }
        if (ws.ImportedFrom != pack) await workspaces.SetImportedFromAsync(ws.Id, pack, ct);
    }

    /// <summary>SAEs made before fingerprints were recorded get theirs (a hash of 2 MiB of the weights file) once.</summary>
    private async Task RecordFingerprintsAsync(CancellationToken ct)
    {
        foreach (var sae in await saes.WithoutFingerprintAsync(ct))
        {
            var weights = SaeLoader.WeightsFile(SaeFiles.LoadPath(sae.Path, SaeFormatNames.Parse(sae.Format)), SaeFormatNames.Parse(sae.Format));
            if (File.Exists(weights)) await saes.SetFingerprintAsync(sae.Id, ModelFingerprint.Of(weights), ct);
        }
    }

    /// <summary>How the configured encoder differs from the one that made <paramref name="space"/>; null when it does not.</summary>
    private string? EncoderChanged(EmbeddingSpace space)
    {
        var preset = encoder.ResolvePreset().Name;
        if (!string.Equals(space.Preset, preset, StringComparison.OrdinalIgnoreCase)) return $"{space.Preset} to {preset}";
        try
        {
            var fingerprint = ModelFingerprint.Of(encoder.ResolveModelPath());
            return space.Fingerprint is { } before && before != fingerprint ? $"{preset} model file {before} to {fingerprint}" : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // the import stage says what is wrong with the model file if it ever runs
        }
    }

    /// <summary>
    /// The stages still to run, in order, given the keys of those completed: from the first not completed on, since a
    /// stage that runs again rebuilds everything after it on its output. A stage a new version added (or re-keyed
    /// because what it keeps changed) is not completed anywhere, so ready workspaces run it, and what follows, again.
    /// </summary>
    public static IReadOnlyList<IPreparationStage> Pending(IEnumerable<IPreparationStage> stages, IReadOnlySet<string> completed) =>
        stages.OrderBy(s => s.Order).SkipWhile(s => completed.Contains(s.Key)).ToList();

    /// <summary>A stage to run now, and the SAE it runs for (null: the workspace).</summary>
    private sealed record Step(IPreparationStage Stage, SaeTarget? Sae);

    /// <summary>Prepares the workspace while holding its lease; or, when another instance holds it, asks again later.</summary>
    private async Task PrepareAsync(int workspaceId, CancellationToken ct)
    {
        if (!await leases.TryAcquireAsync(workspaceId, _instance, DateTimeOffset.UtcNow, lease.Lease, ct))
        {
            if (await workspaces.RowAsync(workspaceId, ct) is null) return; // deleted meanwhile (no lease can be taken on it): nothing to prepare
            log.LogInformation("Workspace {Id} is being prepared by another instance; asking again in {Seconds} s.", workspaceId, lease.Retry.TotalSeconds);
            _ = AgainLaterAsync(workspaceId, ct);
            return;
        }
        using var held = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var renewal = KeepLeaseAsync(workspaceId, held);
        try
        {
            await jobs.InterruptStaleAsync(workspaceId, ct); // a holder that died left its running job behind
            await RunStagesAsync(workspaceId, held.Token);
        }
        finally
        {
            await held.CancelAsync();
            await renewal;
            await leases.ReleaseAsync(workspaceId, _instance, CancellationToken.None);
        }
    }

    private async Task AgainLaterAsync(int workspaceId, CancellationToken ct)
    {
        try
        {
            await Task.Delay(lease.Retry, ct);
            queue.Enqueue(workspaceId);
        }
        catch (OperationCanceledException) { } // shutting down
    }

    /// <summary>Renews the lease until <paramref name="held"/> is cancelled; cancels it when the lease was lost (it expired and another instance took it).</summary>
    private async Task KeepLeaseAsync(int workspaceId, CancellationTokenSource held)
    {
        try
        {
            while (true)
            {
                await Task.Delay(lease.Renew, held.Token);
                try
                {
                    if (await leases.RenewAsync(workspaceId, _instance, DateTimeOffset.UtcNow, lease.Lease, held.Token)) continue;
                    log.LogWarning("Workspace {Id}: another instance took the preparation lease over; stopping here.", workspaceId);
                    await held.CancelAsync();
                    return;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning(e, "Workspace {Id}: renewing the preparation lease failed; trying again.", workspaceId);
                }
            }
        }
        catch (OperationCanceledException) { } // the stages ended
    }

    private async Task RunStagesAsync(int workspaceId, CancellationToken ct)
    {
        var workspace = await workspaces.RowAsync(workspaceId, ct) ?? throw new InvalidOperationException($"there is no workspace #{workspaceId}");
        var rows = await saes.OfWorkspaceAsync(workspace.Id, ct);
        if (rows.Count == 0)
        {
            // A workspace from before SAEs were planned with it (one that never got as far as training): it trains one.
            var trained = creation.Trained(workspace.Name);
            trained.WorkspaceId = workspace.Id;
            await saes.TryAddAsync(trained, ct);
            rows = await saes.OfWorkspaceAsync(workspace.Id, ct);
        }
        var workspaceStages = stages.Where(s => s.Scope == StageScope.Workspace).OrderBy(s => s.Order).ToList();
        var targets = rows.Select(SaeTarget.Of).ToList();
        var all = workspaceStages.Select(s => new Step(s, null))
            .Concat(targets.SelectMany(t => OwnStages(t).Select(s => new Step(s, t)))).ToList();

        var pendingWorkspace = Pending(workspaceStages, await jobs.CompletedAsync(workspace.Id, null, ct));
        var plan = pendingWorkspace.Select(s => new Step(s, null)).ToList();
        foreach (var target in targets)
        {
            // A workspace stage that runs again rebuilds the SAE stages that come after it (importing: all of them; the
            // nearest images: the icons drawn with them), not those before it.
            var rerun = pendingWorkspace.Count > 0 ? pendingWorkspace.Min(s => s.Order) : int.MaxValue;
            var ownPending = Pending(OwnStages(target), await jobs.CompletedAsync(workspace.Id, target.Id, ct));
            var pending = OwnStages(target).Where(s => s.Order > rerun || ownPending.Contains(s)).ToList();
            if (pending.Count == 0 && rows.First(r => r.Id == target.Id).State != WorkspaceState.Ready)
                await saes.SetStateAsync(target.Id, WorkspaceState.Ready, ct);
            plan.AddRange(pending.Select(s => new Step(s, target)));
        }
        if (plan.Count == 0)
        {
            if (workspace.State != WorkspaceState.Ready) await workspaces.SetStateAsync(workspace.Id, WorkspaceState.Ready, ct);
            return;
        }

        var files = WorkspaceFiles.For(options, workspace.Name).Ensure();
        var failed = new HashSet<int>();
        foreach (var step in plan)
        {
            if (step.Sae is { } sae && failed.Contains(sae.Id)) continue;
            var number = all.IndexOf(step) + 1;
            var outcome = await RunAsync(workspace, files, step, number, all, rows.Count, ct);
            if (outcome is null) return; // stopping
            if (outcome == false && step.Sae is null)
            {
                await workspaces.SetStateAsync(workspace.Id, WorkspaceState.Failed, CancellationToken.None);
                return; // no SAE stage can run without the corpus
            }
            if (outcome == false) failed.Add(step.Sae!.Id);
            else if (step.Sae is { } done && OwnStages(done)[^1] == step.Stage) await saes.SetStateAsync(done.Id, WorkspaceState.Ready, ct);
        }
        var end = failed.Count > 0 ? WorkspaceState.Failed : WorkspaceState.Ready;
        await workspaces.SetStateAsync(workspace.Id, end, ct);
        if (end == WorkspaceState.Ready)
            state.Set(new PreparationSnapshot(workspace.Name, WorkspaceState.Ready, null, all.Count, all.Count, 0, 0, TimeSpan.Zero, null));
    }

    private List<IPreparationStage> OwnStages(SaeTarget sae) =>
        stages.Where(s => s.Scope == StageScope.Sae && s.AppliesTo(sae)).OrderBy(s => s.Order).ToList();

    /// <summary>Runs one stage as a job: true when it succeeded, false when it failed (recorded), null when the app is stopping.</summary>
    private async Task<bool?> RunAsync(Workspace workspace, WorkspaceFiles files, Step step, int number, IReadOnlyList<Step> all, int saeCount,
        CancellationToken ct)
    {
        var (stage, sae) = step;
        var title = sae is null || saeCount == 1 ? stage.Title : $"{stage.Title} ({sae.Name})";
        // What a stage supersedes: the same SAE's later stages, or for a workspace stage every stage that comes after it.
        var later = all.Skip(number).Where(s => sae is null ? s.Stage.Order > stage.Order : s.Sae?.Id == sae.Id).Select(s => s.Stage.Key).Distinct();
        var jobId = await jobs.StartAsync(workspace.Id, sae?.Id, stage.Key, title, later, ct);
        await workspaces.SetStateAsync(workspace.Id, WorkspaceState.Preparing, ct);
        if (sae is not null) await saes.SetStateAsync(sae.Id, WorkspaceState.Preparing, ct);
        var clock = Stopwatch.StartNew();
        TimeSpan lastPublish = TimeSpan.MinValue, lastPersist = TimeSpan.Zero;
        void Publish(int d, int t, bool force)
        {
            var now = clock.Elapsed;
            if (!force && now - lastPublish < PublishEvery) return;
            lastPublish = now;
            state.Set(new PreparationSnapshot(workspace.Name, WorkspaceState.Preparing, title, number, all.Count, d, t, now, null));
            if (!force && now - lastPersist < PersistEvery) return;
            lastPersist = now; // progress in the database too, for the CLI and after a restart
            jobs.ReportAsync(jobId, d, t, ct).GetAwaiter().GetResult();
        }
        Publish(0, 0, force: true);
        log.LogInformation("Workspace {Name}: stage {Number}/{Count} '{Stage}' started.", workspace.Name, number, all.Count, title);
        try
        {
            var context = new PreparationContext(workspace.Id, workspace.Name, workspace.ImportedFrom, workspace.ImportFormat,
                (await workspaces.RowAsync(workspace.Id, ct))?.EmbeddingsPath, files, sae, (d, t) => Publish(d, t, force: d >= t));
            await Task.Run(() => stage.RunAsync(context, ct), ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await jobs.InterruptAsync(jobId, CancellationToken.None); // shutting down: the stage runs again next time
            return null;
        }
        catch (Exception e)
        {
            log.LogError(e, "Workspace {Name}: stage '{Stage}' failed.", workspace.Name, title);
            var reason = e.GetBaseException().Message; // the inner cause, not "see the inner exception"
            await jobs.FailAsync(jobId, reason, CancellationToken.None);
            if (sae is not null) await saes.SetStateAsync(sae.Id, WorkspaceState.Failed, CancellationToken.None);
            state.Set(new PreparationSnapshot(workspace.Name, WorkspaceState.Failed, title, number, all.Count, 0, 0, clock.Elapsed, reason));
            return false;
        }
        await jobs.SucceedAsync(jobId, ct);
        log.LogInformation("Workspace {Name}: stage '{Stage}' done in {Seconds:F1} s.", workspace.Name, title, clock.Elapsed.TotalSeconds);
        return true;
    }
}
