using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Settings;
using SaeExplorer.Data;
using SaeExplorer.Data.Jobs;
using SaeExplorer.Data.Providers;
using SaeExplorer.Data.Saes;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Testing;
using SaeExplorer.Web.Services.Preparation;

namespace SaeExplorer.Web.Tests.Preparation;

/// <summary>
/// Two app instances over one database, each a <see cref="PreparationWorker"/> with its own stores, queue and stage (as
/// two processes would have): only the lease holder runs a workspace's stages, and a dead holder's expired lease and
/// running job are taken over by the next instance.
/// </summary>
public abstract class PreparationLeaseWorkerTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60); // a bound on a hung test, not a timing claim
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "saex-lease-tests", Guid.NewGuid().ToString("N"));
    private readonly DatabaseTarget _target;

    protected PreparationLeaseWorkerTests(DatabaseProvider provider) =>
        _target = provider == DatabaseProvider.Sqlite
            ? new DatabaseTarget(provider, Path.Combine(_dir, "saex.db"))
            : new DatabaseTarget(provider, PrivatePostgres.Shared.NewDatabase(MigrateAsync));

    public void Dispose()
    {
        if (_target.Provider == DatabaseProvider.Postgres) PrivatePostgres.Shared.DropDatabase(_target.Connection);
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } // best effort
    }

    [Fact]
    public async Task OfTwoInstancesOnlyTheLeaseHolderPreparesTheWorkspaceAndTheOtherWaits()
    {
        var ws = await WorkspaceAsync();
        await using var a = new Instance(this, "a");
        await using var b = new Instance(this, "b");

        await Task.WhenAll(a.StartAsync(), b.StartAsync());
        var first = await Task.WhenAny(a.Stage.Started.Task, b.Stage.Started.Task).WaitAsync(Patience);
        var (holder, other) = first == a.Stage.Started.Task ? (a, b) : (b, a);
        await other.Log.Said("being prepared by another instance").WaitAsync(Patience);
        Assert.False(await new PreparationLeaseStore(Factory()).TryAcquireAsync(ws, "c", DateTimeOffset.UtcNow, TimeSpan.FromSeconds(60)));

        holder.Stage.Gate.SetResult();
        await holder.Ready.Task.WaitAsync(Patience);
        Assert.Equal(1, holder.Stage.Runs);
        Assert.Equal(0, other.Stage.Runs);
        var job = Assert.Single(await new PreparationJobStore(Factory()).HistoryAsync(ws));
        Assert.Equal(JobState.Succeeded, job.State);
        // Done, the holder gave the lease up (by the time its worker stops, its last workspace is through).
        await holder.StopAsync();
        Assert.True(await new PreparationLeaseStore(Factory()).TryAcquireAsync(ws, "c", DateTimeOffset.UtcNow, TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task AnInstanceLeavesAWorkspaceAloneWhileAnotherHoldsAnUnexpiredLease()
    {
        var ws = await WorkspaceAsync();
        var leases = new PreparationLeaseStore(Factory());
        Assert.True(await leases.TryAcquireAsync(ws, "alive", DateTimeOffset.UtcNow, TimeSpan.FromHours(1)));
        var running = await new PreparationJobStore(Factory()).StartAsync(ws, null, "stage", "stage", []);

        await using var b = new Instance(this, "b");
        b.Stage.Gate.SetResult();
        await b.StartAsync();
        await b.Log.Said("being prepared by another instance").WaitAsync(Patience);

        Assert.Equal(0, b.Stage.Runs);
        var job = Assert.Single(await new PreparationJobStore(Factory()).HistoryAsync(ws));
        Assert.Equal((running, JobState.Running), (job.Id, job.State)); // the holder's job is its own business
    }

    [Fact]
    public async Task AfterAKillTheNextInstanceTakesTheExpiredLeaseOverInterruptsTheDeadRunAndPrepares()
    {
        var ws = await WorkspaceAsync();
        // A killed holder: its lease expired a second ago (it stopped renewing) and its run is still marked running.
        var now = DateTimeOffset.UtcNow;
        Assert.True(await new PreparationLeaseStore(Factory()).TryAcquireAsync(ws, "killed", now - TimeSpan.FromSeconds(61), TimeSpan.FromSeconds(60)));
        var dead = await new PreparationJobStore(Factory()).StartAsync(ws, null, "stage", "stage", []);

        await using var b = new Instance(this, "b");
        b.Stage.Gate.SetResult();
        await b.StartAsync();
        await b.Ready.Task.WaitAsync(Patience);

        Assert.Equal(1, b.Stage.Runs);
        var history = (await new PreparationJobStore(Factory()).HistoryAsync(ws)).OrderBy(j => j.Id).ToList();
        Assert.Equal([(dead, JobState.Interrupted), (history[1].Id, JobState.Succeeded)], history.Select(j => (j.Id, j.State)));
    }

    [Fact]
    public void ALeaseThatCannotFitTwoRenewalsIsRefusedAtStartNamingTheKeys()
    {
        Assert.Empty(Core.Settings.OptionsCheck.Problems(new PreparationLeaseOptions()));
        Assert.Empty(Core.Settings.OptionsCheck.Problems(new PreparationLeaseOptions { LeaseSeconds = 40, RenewSeconds = 20 }));
        var problem = Assert.Single(Core.Settings.OptionsCheck.Problems(new PreparationLeaseOptions { LeaseSeconds = 30, RenewSeconds = 20 }));
        Assert.Contains("RenewSeconds (20) must be at most half of LeaseSeconds (30)", problem);
    }

    private SaexContextFactory Factory() => new(_target);

    private async Task<int> WorkspaceAsync()
    {
        Directory.CreateDirectory(_dir);
        if (_target.Provider == DatabaseProvider.Sqlite)
        {
            await using var db = Factory().CreateDbContext();
            await SaexDatabase.MigrateAsync(db);
        }
        var now = DateTimeOffset.UtcNow;
        var store = new WorkspaceStore(Factory());
        Assert.True(await store.TryAddAsync(new Workspace
        {
            Name = "w", CorpusPath = "corpus", ImportedFrom = "corpus", State = WorkspaceState.Preparing, CreatedAt = now, UpdatedAt = now,
        }, []));
        return (await store.RowAsync("w"))!.Id;
    }

    private static async Task MigrateAsync(string connection)
    {
        await using var db = new SaexContextFactory(new DatabaseTarget(DatabaseProvider.Postgres, connection)).CreateDbContext();
        await SaexDatabase.MigrateAsync(db);
    }

    /// <summary>One app instance: a worker with stores of its own over the shared database, and one stage that waits for <see cref="GatedStage.Gate"/>.</summary>
    private sealed class Instance : IAsyncDisposable
    {
        private readonly PreparationWorker _worker;

        public Instance(PreparationLeaseWorkerTests test, string name)
        {
            var state = new PreparationState();
            state.Changed += s => { if (s.State == WorkspaceState.Ready) Ready.TrySetResult(); };
            var options = new SaexOptions { DataDirectory = Path.Combine(test._dir, name), DemoPack = "" };
            var (workspaces, saes) = (new WorkspaceStore(test.Factory()), new SaeStore(test.Factory()));
            var creation = new WorkspaceCreation(workspaces, new WorkspaceQueries(test.Factory(), options), saes, options, new EncoderOptions());
            _worker = new PreparationWorker(workspaces, creation, saes, new PreparationJobStore(test.Factory()),
                new PreparationLeaseStore(test.Factory()), [Stage], state, new PreparationQueue(), options, new EncoderOptions(), new PreparationLeaseOptions(), Log);
        }

        public GatedStage Stage { get; } = new();
        public RecordingLog Log { get; } = new();
        public TaskCompletionSource Ready { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task StartAsync() => _worker.StartAsync(CancellationToken.None);

        public Task StopAsync() => _worker.StopAsync(CancellationToken.None);

        public async ValueTask DisposeAsync()
        {
            Stage.Gate.TrySetResult();
            await StopAsync();
            _worker.Dispose();
        }
    }

    /// <summary>A stage that counts its runs and waits for its gate.</summary>
    private sealed class GatedStage : IPreparationStage
    {
        private int _runs;
        public string Key => "stage";
        public string Title => "stage";
        public int Order => 10;
        public StageScope Scope => StageScope.Workspace;
        public int Runs => Volatile.Read(ref _runs);
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task RunAsync(PreparationContext context, CancellationToken ct)
        {
            Interlocked.Increment(ref _runs);
            Started.TrySetResult();
            await Gate.Task.WaitAsync(ct);
        }
    }

    /// <summary>The worker's log lines, and a task for the first that says a given thing.</summary>
    private sealed class RecordingLog : ILogger<PreparationWorker>
    {
        private readonly ConcurrentQueue<string> _lines = new();
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _waits = new();

        public Task Said(string text)
        {
            var wait = _waits.GetOrAdd(text, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            if (_lines.Any(l => l.Contains(text, StringComparison.Ordinal))) wait.TrySetResult();
            return wait.Task;
        }

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = formatter(state, exception);
            _lines.Enqueue(line);
            foreach (var (text, wait) in _waits)
                if (line.Contains(text, StringComparison.Ordinal)) wait.TrySetResult();
        }

        public bool IsEnabled(LogLevel logLevel) => true;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    }
}

public sealed class PreparationLeaseWorkerTestsOnSqlite() : PreparationLeaseWorkerTests(DatabaseProvider.Sqlite);

public sealed class PreparationLeaseWorkerTestsOnPostgres() : PreparationLeaseWorkerTests(DatabaseProvider.Postgres);
