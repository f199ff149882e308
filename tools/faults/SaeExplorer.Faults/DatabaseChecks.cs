using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Data;
using SaeExplorer.Data.Accounts;
using SaeExplorer.Data.Jobs;
using SaeExplorer.Data.Providers;
using SaeExplorer.Load;
using SaeExplorer.Testing;

namespace SaeExplorer.Faults;

/// <summary>What the database says after the faults: intact, every row once, the workspace prepared.</summary>
public sealed class DatabaseChecks(string database) : IDisposable
{
    private readonly ServiceProvider _services = SaexDatabase.OpenExisting(DatabaseTarget.Of(DatabaseProvider.Sqlite, database), s => s.AddSaexStores());

    private IDbContextFactory<SaexDbContext> Factory => _services.GetRequiredService<IDbContextFactory<SaexDbContext>>();

    /// <summary>PRAGMA integrity_check's answer ("ok" when the file is sound).</summary>
    public string IntegrityCheck()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        var lines = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) lines.Add(reader.GetString(0));
        return string.Join("; ", lines);
    }

    /// <summary>Problems with the demo workspace's rows: images or features missing or doubled, jobs left running.</summary>
    public async Task<List<string>> RowProblemsAsync(int images)
    {
        await using var db = await Factory.CreateDbContextAsync();
        var problems = new List<string>();
        var ws = await db.Workspaces.AsNoTracking().SingleAsync(w => w.Name == "demo");
        var ids = await db.CorpusImages.Where(i => i.WorkspaceId == ws.Id).Select(i => i.ExternalId).ToListAsync();
        if (ids.Count != images || ids.Distinct().Count() != ids.Count)
            problems.Add($"{ids.Count} image rows ({ids.Distinct().Count()} distinct) for a pack of {images}");
        foreach (var sae in await db.Saes.AsNoTracking().Where(s => s.WorkspaceId == ws.Id).ToListAsync())
        {
            var features = await db.Features.Where(f => f.SaeId == sae.Id).Select(f => f.Feature).ToListAsync();
            if (features.Count != sae.DSae || features.Distinct().Count() != features.Count)
                problems.Add($"SAE {sae.Name}: {features.Count} feature rows ({features.Distinct().Count()} distinct) for {sae.DSae} features");
        }
        var running = await db.Jobs.CountAsync(j => j.WorkspaceId == ws.Id && j.State == JobState.Running);
        if (running > 0) problems.Add($"{running} jobs still marked running");
        return problems;
    }

    /// <summary>Labeller accounts with personal API tokens, made in the database as `saex users add --token` does.</summary>
    public async Task<List<string>> LabellerTokensAsync(int count)
    {
        var tokens = _services.GetRequiredService<ApiTokenStore>();
        var made = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var id = await TestUsers.AddAsync(Factory, $"storm{i:D2}", SaexRoles.Labeller);
            made.Add((await tokens.CreateAsync(id, "fault run")).Token);
        }
        return made;
    }

    /// <summary>The labels the storm tagged, as the database holds them.</summary>
    public async Task<List<StoredLabel>> StoredAsync(string tag)
    {
        await using var db = await Factory.CreateDbContextAsync();
        return await db.Labels.Where(l => l.Text.StartsWith(tag)).Select(l => new StoredLabel(l.Id, l.Text)).ToListAsync();
    }

    public async Task<int> DSaeAsync()
    {
        await using var db = await Factory.CreateDbContextAsync();
        var ws = await db.Workspaces.AsNoTracking().SingleAsync(w => w.Name == "demo");
        return await db.Saes.Where(s => s.WorkspaceId == ws.Id).Select(s => s.DSae).FirstAsync();
    }

    public void Dispose() => _services.Dispose();
}
