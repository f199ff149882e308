using SaeExplorer.Data.Accounts;
using SaeExplorer.Data.Corpus;
using SaeExplorer.Data.Jobs;
using SaeExplorer.Data.Lists;
using SaeExplorer.Data.Providers;
using SaeExplorer.Data.Transfer;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Testing;

namespace SaeExplorer.Data.Tests.Transfer;

/// <summary>
/// `saex db copy`: a SQLite workspace database moved into an empty PostgreSQL one (and back), every table's rows
/// counted on both sides; the copy is usable (search, sign-in data, new rows get fresh ids), and a filled target is refused.
/// </summary>
public sealed class DatabaseCopyTests : IDisposable
{
    private readonly TestDatabase _sqlite = new(DatabaseProvider.Sqlite);
    private readonly TestDatabase _postgres = new(DatabaseProvider.Postgres);
    private readonly TestDatabase _back = new(DatabaseProvider.Sqlite);

    public void Dispose()
    {
        _sqlite.Dispose();
        _postgres.Dispose();
        _back.Dispose();
    }

    [Fact]
    public async Task ASqliteDatabaseCopiedIntoPostgresAndBackKeepsEveryRowAndStaysUsable()
    {
        int ws;
        await using (var db = await _sqlite.MigratedAsync())
        {
            var workspace = TestDatabase.WorkspaceWith("w", "a red car in the rain", "a blue boat", "red apples");
            db.Workspaces.Add(workspace);
            await db.SaveChangesAsync();
            ws = workspace.Id;
        }
        var olive = await TestUsers.AddAsync(_sqlite.Factory, "olive", SaexRoles.Labeller);
        await new ListStore(_sqlite.Factory).CreateAsync(olive, "red things", "notes");
        Assert.True(await new PreparationLeaseStore(_sqlite.Factory).TryAcquireAsync(ws, "a", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1)));
        var tables = new HashSet<string>();

        var counts = await DatabaseCopy.CopyAsync(_sqlite.Target, _postgres.Target, (table, _) => tables.Add(table));

        Assert.All(counts, c => Assert.True(c.Matches, $"{c.Table}: {c.Source} rows in the source, {c.Target} in the target"));
        Assert.Equal(3, counts.Single(c => c.Table == "CorpusImages").Target);
        Assert.Equal(1, counts.Single(c => c.Table == "AspNetUsers").Target);
        Assert.Equal(1, counts.Single(c => c.Table == "PreparationLeases").Target);
        Assert.Contains("Workspaces", tables);
        // The copy searches like the original, and a new workspace gets an id after the copied ones.
        var found = await new ImageQueries(_postgres.Factory, new Core.Settings.SaexOptions()).SearchAsync(ws, "red", 1, 10);
        Assert.Equal(["0", "2"], found.Images.Select(i => i.Id).Order());
        var store = new WorkspaceStore(_postgres.Factory);
        Assert.True(await store.TryAddAsync(TestDatabase.WorkspaceWith("next"), []));
        Assert.True((await store.RowAsync("next"))!.Id > ws);

        await (await _back.MigratedAsync()).DisposeAsync(); // its folder
        var back = await DatabaseCopy.CopyAsync(_postgres.Target, _back.Target, (_, _) => { });
        Assert.All(back, c => Assert.True(c.Matches, c.Table));
        Assert.Equal(2, back.Single(c => c.Table == "Workspaces").Target);

        var again = await Assert.ThrowsAsync<InvalidOperationException>(() => DatabaseCopy.CopyAsync(_sqlite.Target, _postgres.Target, (_, _) => { }));
        Assert.Contains("empty database", again.Message);
    }
}
