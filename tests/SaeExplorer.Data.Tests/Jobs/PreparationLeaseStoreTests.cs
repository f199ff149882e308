using SaeExplorer.Data.Jobs;
using SaeExplorer.Data.Providers;

namespace SaeExplorer.Data.Tests.Jobs;

/// <summary>
/// Two app instances over one database (each with its own contexts, as two processes would have): only one prepares a
/// workspace at a time, the other waits, and takes over once a dead holder's lease has expired.
/// </summary>
public abstract class PreparationLeaseStoreTests(DatabaseProvider provider) : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(60);
    private readonly TestDatabase _database = new(provider);

    public void Dispose() => _database.Dispose();

    /// <summary>A workspace, and the lease stores of two instances over the same database.</summary>
    private async Task<(int Workspace, PreparationLeaseStore A, PreparationLeaseStore B)> TwoInstancesAsync()
    {
        await using var db = await _database.MigratedAsync();
        var ws = TestDatabase.WorkspaceWith("w");
        db.Workspaces.Add(ws);
        await db.SaveChangesAsync();
        return (ws.Id, new PreparationLeaseStore(new SaexContextFactory(_database.Target)), new PreparationLeaseStore(new SaexContextFactory(_database.Target)));
    }

    [Fact]
    public async Task OfTwoInstancesAskingAtOnceExactlyOneGetsTheLease()
    {
        var (ws, a, b) = await TwoInstancesAsync();
        for (var round = 0; round < 5; round++)
        {
            var now = T0 + round * 2 * Ttl; // each round after the last one's lease expired
            var got = await Task.WhenAll(Task.Run(() => a.TryAcquireAsync(ws, $"a{round}", now, Ttl)), Task.Run(() => b.TryAcquireAsync(ws, $"b{round}", now, Ttl)));
            Assert.Single(got, x => x);
        }
    }

    [Fact]
    public async Task TheOtherInstanceWaitsWhileTheHolderRenewsAndGetsItWhenReleased()
    {
        var (ws, a, b) = await TwoInstancesAsync();
        Assert.True(await a.TryAcquireAsync(ws, "a", T0, Ttl));
        Assert.True(await a.TryAcquireAsync(ws, "a", T0 + TimeSpan.FromSeconds(1), Ttl)); // the holder may ask again
        Assert.False(await b.TryAcquireAsync(ws, "b", T0 + TimeSpan.FromSeconds(30), Ttl));
        // Renewed at 50 s, the lease outlives its first expiry (60 s).
        Assert.True(await a.RenewAsync(ws, "a", T0 + TimeSpan.FromSeconds(50), Ttl));
        Assert.False(await b.TryAcquireAsync(ws, "b", T0 + TimeSpan.FromSeconds(100), Ttl));
        Assert.False(await b.RenewAsync(ws, "b", T0 + TimeSpan.FromSeconds(100), Ttl)); // renewing is for the holder only
        await b.ReleaseAsync(ws, "b"); // nor can another release it
        Assert.False(await b.TryAcquireAsync(ws, "b", T0 + TimeSpan.FromSeconds(101), Ttl));

        await a.ReleaseAsync(ws, "a");
        Assert.True(await b.TryAcquireAsync(ws, "b", T0 + TimeSpan.FromSeconds(102), Ttl));
    }

    [Fact]
    public async Task ADeadHoldersLeaseExpiresAndTheOtherTakesOverWhileTheDeadOneCannotRenew()
    {
        var (ws, a, b) = await TwoInstancesAsync();
        Assert.True(await a.TryAcquireAsync(ws, "a", T0, Ttl));
        // a dies: no renewal. Until its lease expires b waits; then b takes over.
        Assert.False(await b.TryAcquireAsync(ws, "b", T0 + Ttl - TimeSpan.FromSeconds(1), Ttl));
        Assert.True(await b.TryAcquireAsync(ws, "b", T0 + Ttl + TimeSpan.FromSeconds(1), Ttl));
        // Had a only stalled, its next renewal says it lost the lease (and it stops).
        Assert.False(await a.RenewAsync(ws, "a", T0 + Ttl + TimeSpan.FromSeconds(2), Ttl));
        Assert.False(await a.TryAcquireAsync(ws, "a", T0 + Ttl + TimeSpan.FromSeconds(2), Ttl));
    }

    [Fact]
    public async Task DeletingTheWorkspaceDropsItsLeaseAndNoneCanBeTakenOnItAgain()
    {
        var (ws, a, _) = await TwoInstancesAsync();
        Assert.True(await a.TryAcquireAsync(ws, "a", T0, Ttl));
        await using var db = _database.NewContext();
        db.Workspaces.Remove(db.Workspaces.Single(w => w.Id == ws));
        await db.SaveChangesAsync();
        Assert.Empty(db.Leases);
        Assert.False(await a.TryAcquireAsync(ws, "a", T0 + TimeSpan.FromSeconds(1), Ttl)); // nor can one be taken on it again
    }
}

public sealed class PreparationLeaseStoreTestsOnSqlite() : PreparationLeaseStoreTests(DatabaseProvider.Sqlite);

public sealed class PreparationLeaseStoreTestsOnPostgres() : PreparationLeaseStoreTests(DatabaseProvider.Postgres);
