using Microsoft.EntityFrameworkCore;
using SaeExplorer.Data.Accounts;
using SaeExplorer.Data.Jobs;
using SaeExplorer.Testing;

namespace SaeExplorer.E2E.Tests.ScaleOut;

/// <summary>
/// A private redis-server and two app instances on two ports over one SQLite database (WAL), both with Saex:Redis set:
/// what a balancer would have behind one address. Two labellers, ada and bo. The second instance starts once the first
/// has finished preparing the seeded workspace, so they never prepare it at once.
/// </summary>
public sealed class TwoInstances : IAsyncLifetime
{
    public RedisServer Redis { get; private set; } = null!;
    public SeededWorkspace Seeded { get; private set; } = null!;
    public SeededApp A { get; private set; } = null!;
    public SeededApp B { get; private set; } = null!;
    public Uri AddressA { get; private set; } = null!;
    public Uri AddressB { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Redis = await RedisServer.StartNewAsync();
        Seeded = await SeededWorkspace.CreateAsync();
        await TestUsers.AddAsync(Seeded.Factory, "ada", SaexRoles.Labeller);
        await TestUsers.AddAsync(Seeded.Factory, "bo", SaexRoles.Labeller);
        var settings = new Dictionary<string, string?> { ["Saex:Redis"] = Redis.ConnectionString };
        A = new SeededApp(Seeded) { Settings = settings };
        AddressA = A.StartOnKestrel();
        await PreparedAsync(TimeSpan.FromMinutes(2));
        B = new SeededApp(Seeded) { Settings = settings };
        AddressB = B.StartOnKestrel();
    }

    /// <summary>A feature page of the seeded workspace on one instance.</summary>
    public static string FeatureUrl(Uri instance, int feature) => new Uri(instance, $"features/{SeededWorkspace.Name}/{feature}").ToString();

    /// <summary>Waits until no preparation job runs and none has for a moment (the first instance's worker is done).</summary>
    private async Task PreparedAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var quiet = 0;
        while (quiet < 5)
        {
            await using (var db = await Seeded.Factory.CreateDbContextAsync())
                quiet = await db.Jobs.AnyAsync(j => j.State == JobState.Running) ? 0 : quiet + 1;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the first instance was still preparing after {timeout}");
            await Task.Delay(200);
        }
    }

    public async Task DisposeAsync()
    {
        B?.Dispose();
        A?.Dispose();
        Seeded?.Dispose();
        if (Redis is not null) await Redis.DisposeAsync();
    }
}
