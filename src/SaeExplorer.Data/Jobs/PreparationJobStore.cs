using Microsoft.EntityFrameworkCore;

namespace SaeExplorer.Data.Jobs;

/// <summary>
/// The jobs table's writes and the questions the preparation worker asks of it. A stage is done when its latest run
/// succeeded; starting a stage supersedes the successes of the stages after it, since they were built on what this
/// stage is about to replace: the same SAE's later stages for an SAE's stage, every SAE's for a workspace stage.
/// </summary>
public sealed class PreparationJobStore(IDbContextFactory<SaexDbContext> dbFactory)
{
    /// <summary>Keys of the workspace's stages (<paramref name="saeId"/> null) or one SAE's whose latest run succeeded and still stands.</summary>
    public async Task<IReadOnlySet<string>> CompletedAsync(int workspaceId, int? saeId = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var done = await db.Jobs.AsNoTracking().Where(j => j.WorkspaceId == workspaceId && j.SaeId == saeId && j.State == JobState.Succeeded)
            .Select(j => j.Stage).Distinct().ToListAsync(ct);
        return done.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Records a new run of <paramref name="stage"/> (for SAE <paramref name="saeId"/>, or the workspace when null) and
    /// supersedes the successes of <paramref name="laterStages"/>: of that SAE, or of the workspace and all its SAEs.
    /// </summary>
    public async Task<long> StartAsync(int workspaceId, int? saeId, string stage, string title, IEnumerable<string> laterStages, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Dialect.BeginWriteAsync(ct);
        var invalidated = laterStages.Append(stage).ToList();
        await db.Jobs.Where(j => j.WorkspaceId == workspaceId && (saeId == null || j.SaeId == saeId) && j.State == JobState.Succeeded && invalidated.Contains(j.Stage))
            .ExecuteUpdateAsync(u => u.SetProperty(j => j.State, JobState.Superseded), ct);
        var attempt = await db.Jobs.CountAsync(j => j.WorkspaceId == workspaceId && j.SaeId == saeId && j.Stage == stage, ct) + 1;
        var job = new PreparationJob
        {
            WorkspaceId = workspaceId, SaeId = saeId, Stage = stage, Title = title, Attempt = attempt, State = JobState.Running,
            StartedAt = DateTimeOffset.UtcNow,
        };
        db.Jobs.Add(job);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return job.Id;
    }

    public Task ReportAsync(long jobId, int done, int total, CancellationToken ct = default) =>
        UpdateAsync(jobId, j => { j.Done = done; j.Total = total; }, ct);

    public Task SucceedAsync(long jobId, CancellationToken ct = default) =>
        EndAsync(jobId, JobState.Succeeded, null, ct);

    public Task FailAsync(long jobId, string error, CancellationToken ct = default) =>
        EndAsync(jobId, JobState.Failed, error, ct);

    /// <summary>The app is stopping mid-stage: the stage runs again from its start next time.</summary>
    public Task InterruptAsync(long jobId, CancellationToken ct = default) =>
        EndAsync(jobId, JobState.Interrupted, null, ct);

    /// <summary>Runs of the workspace left "running" by a process that died were interrupted (called by the lease's new holder).</summary>
    public async Task InterruptStaleAsync(int workspaceId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = DateTimeOffset.UtcNow;
        await db.Jobs.Where(j => j.WorkspaceId == workspaceId && j.State == JobState.Running)
            .ExecuteUpdateAsync(u => u.SetProperty(j => j.State, JobState.Interrupted).SetProperty(j => j.EndedAt, now), ct);
    }

    /// <summary>Every success of the workspace stops counting: it is prepared again from its first stage.</summary>
    public async Task SupersedeAllAsync(int workspaceId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Jobs.Where(j => j.WorkspaceId == workspaceId && j.State == JobState.Succeeded)
            .ExecuteUpdateAsync(u => u.SetProperty(j => j.State, JobState.Superseded), ct);
    }

    /// <summary>Every run of a workspace, oldest first (the history a page or test can show).</summary>
    public async Task<IReadOnlyList<PreparationJob>> HistoryAsync(int workspaceId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Jobs.AsNoTracking().Where(j => j.WorkspaceId == workspaceId).OrderBy(j => j.Id).ToListAsync(ct);
    }

    private Task EndAsync(long jobId, JobState state, string? error, CancellationToken ct) =>
        UpdateAsync(jobId, j => { j.State = state; j.Error = error; j.EndedAt = DateTimeOffset.UtcNow; }, ct);

    private async Task UpdateAsync(long jobId, Action<PreparationJob> change, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var job = await db.Jobs.SingleAsync(j => j.Id == jobId, ct);
        change(job);
        await db.SaveChangesAsync(ct);
    }
}
