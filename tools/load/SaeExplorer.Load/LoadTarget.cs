using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Data;
using SaeExplorer.Data.Accounts;
using SaeExplorer.Data.Providers;
using SaeExplorer.Data.Transfer;
using SaeExplorer.Testing;

namespace SaeExplorer.Load;

/// <summary>
/// The app under load: the seeded workspace on Kestrel over SQLite, or over a private PostgreSQL server (the seeded
/// database copied in with <see cref="DatabaseCopy"/>, as a lab moving to PostgreSQL would).
/// </summary>
public sealed class LoadTarget : IAsyncDisposable
{
    private readonly SeededWorkspace _seeded;
    private readonly SeededApp _app;
    private readonly string? _postgres;

    private LoadTarget(SeededWorkspace seeded, SeededApp app, string? postgres, Uri address)
    {
        _seeded = seeded;
        _app = app;
        _postgres = postgres;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<LoadTarget> StartAsync(string provider)
    {
        var seeded = await SeededWorkspace.CreateAsync();
        var settings = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Error" };
        string? postgres = null;
        if (provider == "postgres")
        {
            postgres = PrivatePostgres.Shared.NewDatabase();
            await DatabaseCopy.CopyAsync(DatabaseTarget.Of(DatabaseProvider.Sqlite, seeded.Options.Database),
                DatabaseTarget.Of(DatabaseProvider.Postgres, postgres), (_, _) => { });
            settings["Saex:DatabaseProvider"] = "postgres";
            settings["Saex:Database"] = postgres;
        }
        var app = new SeededApp(seeded) { Settings = settings };
        return new LoadTarget(seeded, app, postgres, app.StartOnKestrel());
    }

    /// <summary>One labeller account and personal API token per writer.</summary>
    public async Task<IReadOnlyList<string>> LabellersAsync(int count)
    {
        var factory = _app.Services.GetRequiredService<IDbContextFactory<SaexDbContext>>();
        var tokens = _app.Services.GetRequiredService<ApiTokenStore>();
        var made = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var id = await TestUsers.AddAsync(factory, $"writer{i:D3}", SaexRoles.Labeller);
            made.Add((await tokens.CreateAsync(id, "load run")).Token);
        }
        return made;
    }

    /// <summary>The labels whose text carries <paramref name="runTag"/>, as the database holds them now.</summary>
    public async Task<IReadOnlyList<StoredLabel>> StoredAsync(string runTag)
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SaexDbContext>>().CreateDbContextAsync();
        return await db.Labels.Where(l => l.Text.StartsWith(runTag)).Select(l => new StoredLabel(l.Id, l.Text)).ToListAsync();
    }

    public ValueTask DisposeAsync()
    {
        _app.Dispose();
        if (_postgres is not null) PrivatePostgres.Shared.DropDatabase(_postgres);
        _seeded.Dispose();
        return ValueTask.CompletedTask;
    }
}
