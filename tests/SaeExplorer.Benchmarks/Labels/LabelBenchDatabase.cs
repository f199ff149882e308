using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using SaeExplorer.Data;
using SaeExplorer.Data.Accounts;
using SaeExplorer.Data.Features;
using SaeExplorer.Data.Saes;
using SaeExplorer.Data.Workspaces;

namespace SaeExplorer.Benchmarks.Labels;

/// <summary>A migrated throw-away SQLite file (WAL) with one workspace, its SAE, feature rows and users: what label writes need.</summary>
public sealed class LabelBenchDatabase : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "saex-bench", Guid.NewGuid().ToString("N"));

    public LabelBenchDatabase(int features, int users)
    {
        Directory.CreateDirectory(_dir);
        var options = new DbContextOptionsBuilder<SaexDbContext>().UseSqlite(SaexDatabase.ConnectionString(Path.Combine(_dir, "saex.db"))).Options;
        Factory = new PooledDbContextFactory<SaexDbContext>(options);
        using var db = Factory.CreateDbContext();
        SaexDatabase.MigrateAsync(db).GetAwaiter().GetResult();
        var now = DateTimeOffset.UtcNow;
        var ws = new Workspace { Name = "bench", CorpusPath = _dir, ImportedFrom = _dir, State = WorkspaceState.Ready, CreatedAt = now, UpdatedAt = now };
        db.Workspaces.Add(ws);
        db.SaveChanges();
        var sae = new WorkspaceSae { WorkspaceId = ws.Id, Name = "bench-sae", Origin = "trained", Path = _dir, Architecture = "topk", DIn = 4, DSae = features, IsActive = true, CreatedAt = now };
        db.Saes.Add(sae);
        db.SaveChanges();
        SaeId = sae.Id;
        byte[] empty = [];
        for (var f = 0; f < features; f++)
            db.Features.Add(new FeatureRecord
            {
                SaeId = sae.Id, Feature = f, FiringCount = 1, Frequency = 0.5, Log10Frequency = -0.3, MaxActivation = 1, MeanActivation = 1,
                Histogram = empty, TopRows = empty, TopActivations = empty, Samples = empty, BandBounds = empty, NeighbourIds = empty, NeighbourCosines = empty,
            });
        UserIds = Enumerable.Range(0, users).Select(i =>
        {
            var user = new SaexUser { UserName = $"writer{i}", NormalizedUserName = $"WRITER{i}", SecurityStamp = Guid.NewGuid().ToString(), CreatedAt = now };
            db.Users.Add(user);
            return user.Id;
        }).ToArray();
        db.SaveChanges();
    }

    public IDbContextFactory<SaexDbContext> Factory { get; }
    public int SaeId { get; }
    public string[] UserIds { get; }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } // best effort
    }
}
