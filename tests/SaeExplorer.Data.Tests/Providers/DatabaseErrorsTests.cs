using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SaeExplorer.Data.Accounts;
using SaeExplorer.Data.Lists;
using SaeExplorer.Data.Providers;
using SaeExplorer.Data.Uploads;
using SaeExplorer.Testing;

namespace SaeExplorer.Data.Tests.Providers;

/// <summary>
/// What a database error means: a full disk (SQLite's max_page_count stands in for one: the file may not grow) is told
/// apart from a unique index's refusal, a write it stops leaves nothing half-written and earlier rows intact, and
/// writes work again once there is room. A race-lost save reads the winner; a full disk is thrown, not taken for a race.
/// </summary>
public sealed class DatabaseErrorsTests : IDisposable
{
    private readonly TestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    /// <summary>Caps every connection's database at the pages it has now: the next page it needs is refused, as on a full disk.</summary>
    private sealed class FullDisk : DbConnectionInterceptor
    {
        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Cap(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
        {
            Cap(connection);
            return Task.CompletedTask;
        }

        private static void Cap(DbConnection connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT page_count FROM pragma_page_count();";
            var pages = (long)command.ExecuteScalar()!;
            command.CommandText = $"PRAGMA max_page_count = {pages};";
            command.ExecuteNonQuery();
        }
    }

    [Fact]
    public async Task AFullDiskRefusesTheWriteWholeAndWritesWorkAgainOnceThereIsRoom()
    {
        await (await _database.MigratedAsync()).DisposeAsync();
        var owner = await TestUsers.AddAsync(_database.Factory, "olive", SaexRoles.Labeller);
        var lists = new ListStore(_database.Factory);
        var before = await lists.CreateAsync(owner, "written before", null);

        var full = new ListStore(_database.UnpooledFactoryWith(new FullDisk()));
        Exception? refused = null;
        var made = 0;
        while (made < 1000 && (refused = await Record.ExceptionAsync(() => full.CreateAsync(owner, $"list {made}", new string('n', 1900)))) is null) made++;
        Assert.NotNull(refused);
        Assert.True(DatabaseErrors.IsStorageFull(refused), $"not recognised as a full disk: {refused}");
        Assert.False(DatabaseErrors.IsUniqueViolation(refused));

        var all = await lists.AllAsync(take: 10_000);
        Assert.Equal(1 + made, all.Count); // the one from before and every one made until the disk filled; not the refused one
        Assert.Contains(all, l => l.Slug == before);
        await using (var db = _database.NewContext())
            Assert.Equal(["ok"], await db.Database.SqlQueryRaw<string>("SELECT integrity_check AS Value FROM pragma_integrity_check").ToListAsync());
        Assert.NotNull(await lists.FindAsync(await lists.CreateAsync(owner, "after", null))); // room again
    }

    [Fact]
    public async Task ARaceLostOnAUniqueIndexReadsTheWinnerButAFullDiskIsThrown()
    {
        await (await _database.MigratedAsync()).DisposeAsync();
        await using (var db = _database.NewContext())
        {
            db.Workspaces.Add(TestDatabase.WorkspaceWith("demo"));
            await db.SaveChangesAsync();
        }
        var workspaceId = (await _database.NewContext().Workspaces.SingleAsync()).Id;
        Upload Row(string hash) => new()
        {
            WorkspaceId = workspaceId, Hash = hash, FileName = "x.png", Format = "png", Width = 1, Height = 1, Bytes = 1,
            Embedding = new byte[4000], CreatedAt = DateTimeOffset.UtcNow,
        };
        var uploads = new UploadStore(_database.Factory);
        var first = await uploads.AddAsync(Row("aa"));
        var again = await uploads.AddAsync(Row("aa")); // the unique (workspace, hash) index refuses it: the stored row comes back
        Assert.Equal(first.Id, again.Id);

        var full = new UploadStore(_database.UnpooledFactoryWith(new FullDisk()));
        Exception? refused = null;
        for (var i = 0; i < 1000 && refused is null; i++) refused = await Record.ExceptionAsync(() => full.AddAsync(Row($"b{i}")));
        Assert.True(refused is not null && DatabaseErrors.IsStorageFull(refused), $"expected a full disk, got {refused}");
    }
}
