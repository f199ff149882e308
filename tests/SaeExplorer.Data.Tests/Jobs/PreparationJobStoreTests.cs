using SaeExplorer.Data.Jobs;
using SaeExplorer.Data.Providers;

namespace SaeExplorer.Data.Tests.Jobs;

/// <summary>The jobs table's rules: attempts count up per stage, a stage that runs again supersedes what was built on it.</summary>
public abstract class PreparationJobStoreTests(DatabaseProvider provider) : IDisposable
{
    private static readonly string[] Stages = ["import", "train", "index"];
    private readonly TestDatabase _database = new(provider);

    public void Dispose() => _database.Dispose();

    private async Task<(PreparationJobStore Jobs, int WorkspaceId)> SetUpAsync()
    {
        await using var db = await _database.MigratedAsync();
        var ws = TestDatabase.WorkspaceWith("w");
        db.Workspaces.Add(ws);
        await db.SaveChangesAsync();
        return (new PreparationJobStore(_database.Factory), ws.Id);
    }

    private static IEnumerable<string> After(string stage) => Stages.SkipWhile(s => s != stage).Skip(1);

    private static async Task RunAsync(PreparationJobStore jobs, int ws, string stage) =>
        await jobs.SucceedAsync(await jobs.StartAsync(ws, null, stage, stage, After(stage)));

    [Fact]
    public async Task AStageIsDoneOnceItsLatestRunSucceeded()
    {
        var (jobs, ws) = await SetUpAsync();
        await RunAsync(jobs, ws, "import");
        var train = await jobs.StartAsync(ws, null, "train", "train SAE", After("train"));
        await jobs.ReportAsync(train, 10, 40);
        await jobs.FailAsync(train, "out of memory");

        Assert.Equal(["import"], (await jobs.CompletedAsync(ws)).Order());
        var history = await jobs.HistoryAsync(ws);
        Assert.Equal((JobState.Failed, 10, 40, "out of memory"), (history[1].State, history[1].Done, history[1].Total, history[1].Error));
        Assert.NotNull(history[1].EndedAt);
    }

    [Fact]
    public async Task ARerunCountsItsAttemptAndSupersedesTheLaterStages()
    {
        var (jobs, ws) = await SetUpAsync();
        foreach (var stage in Stages) await RunAsync(jobs, ws, stage);
        Assert.Equal(Stages.Order(), (await jobs.CompletedAsync(ws)).Order());

        var again = await jobs.StartAsync(ws, null, "train", "train SAE", After("train"));

        Assert.Equal(["import"], (await jobs.CompletedAsync(ws)).Order()); // train is running, index was built on the old SAE
        var history = await jobs.HistoryAsync(ws);
        Assert.Equal([JobState.Succeeded, JobState.Superseded, JobState.Superseded, JobState.Running], history.Select(j => j.State));
        Assert.Equal(2, history.Single(j => j.Id == again).Attempt);
    }

    [Fact]
    public async Task RunsADeadHolderLeftRunningAreInterruptedByTheNextHolder()
    {
        var (jobs, ws) = await SetUpAsync();
        await jobs.StartAsync(ws, null, "import", "import the corpus", After("import"));

        await jobs.InterruptStaleAsync(ws);

        var job = Assert.Single(await jobs.HistoryAsync(ws));
        Assert.Equal(JobState.Interrupted, job.State);
        Assert.Empty(await jobs.CompletedAsync(ws));
    }

    [Fact]
    public async Task StartingOverSupersedesEverySuccess()
    {
        var (jobs, ws) = await SetUpAsync();
        foreach (var stage in Stages) await RunAsync(jobs, ws, stage);
        await jobs.SupersedeAllAsync(ws);
        Assert.Empty(await jobs.CompletedAsync(ws));
    }
}

public sealed class PreparationJobStoreTestsOnSqlite() : PreparationJobStoreTests(DatabaseProvider.Sqlite);

public sealed class PreparationJobStoreTestsOnPostgres() : PreparationJobStoreTests(DatabaseProvider.Postgres);
