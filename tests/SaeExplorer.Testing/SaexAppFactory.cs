using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Core.Settings;
using SaeExplorer.Data;
using SaeExplorer.Data.Workspaces;

namespace SaeExplorer.Testing;

/// <summary>
/// The real app (SQLite, ONNX encoder, background preparation) on a throw-away data folder with a
/// tiny demo pack. <see cref="StartOnKestrel"/> serves it on a real port for a browser.
/// </summary>
public class SaexAppFactory : WebApplicationFactory<Program>
{
    public SaexAppFactory() : this(null) { }

    /// <param name="dataDirectory">Reuse a folder across app restarts; null for a new throw-away one.</param>
    protected SaexAppFactory(string? dataDirectory) =>
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "saex-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Folder for the database, workspaces and the pack.</summary>
    public string DataDirectory { get; }

    /// <summary>Whether disposing deletes <see cref="DataDirectory"/>.</summary>
    public bool KeepData { get; init; }

    /// <summary>Images in the tiny demo pack; override to change.</summary>
    protected virtual int PackImages => 12;

    /// <summary>Extra files added to the pack (e.g. broken images), by file name.</summary>
    protected virtual IReadOnlyDictionary<string, byte[]> PackExtras => new Dictionary<string, byte[]>();

    public string PackDirectory => Path.Combine(DataDirectory, "demo");

    /// <summary>The one folder the web page may import corpora from (Saex:ImportRoots).</summary>
    public string ImportsDirectory => Path.Combine(DataDirectory, "imports");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (!File.Exists(Path.Combine(PackDirectory, "manifest.csv"))) TinyPack.Write(PackDirectory, PackImages, PackExtras);
        builder.UseContentRoot(SaexPaths.Root);
        builder.UseEnvironment("Production");
        builder.UseSetting("Saex:DataDirectory", DataDirectory);
        builder.UseSetting("Saex:Database", Path.Combine(DataDirectory, "saex.db"));
        builder.UseSetting("Saex:DemoPack", PackDirectory);
        builder.UseSetting("Saex:ImportRoots:0", ImportsDirectory);
        // A small, quick SAE for a tiny pack: the stages run for real, just briefly.
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["Training:Expansion"] = "2", ["Training:BatchSize"] = "8", ["Training:Steps"] = "40",
            ["Training:WarmupSteps"] = "5", ["Training:L1WarmupSteps"] = "10", ["Training:L1Coefficient"] = "1",
            ["Training:HeldOutFraction"] = "0.2", ["Training:ProgressEvery"] = "10", ["Indexing:TopK"] = "8",
            // The default k (40) needs d_sae >= 40; a 16-d imported corpus at expansion 2 has 32 features.
            ["Training:K"] = "4",
        })
            builder.UseSetting(key, value);
    }

    /// <summary>Serves the app on a free loopback port and returns its base address.</summary>
    public Uri StartOnKestrel()
    {
        UseKestrel(0);
        StartServer();
        return ClientOptions.BaseAddress;
    }

    /// <summary>Waits (bounded) until the demo workspace leaves the Preparing state.</summary>
    public Task<Workspace> WaitForDemoAsync(TimeSpan timeout) => WaitForWorkspaceAsync("demo", timeout);

    /// <summary>Waits (bounded) until the named workspace exists and has left the Preparing state.</summary>
    public async Task<Workspace> WaitForWorkspaceAsync(string name, TimeSpan timeout)
    {
        var dbFactory = Services.GetRequiredService<IDbContextFactory<SaexDbContext>>();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            await using (var db = await dbFactory.CreateDbContextAsync())
            {
                var ws = await db.Workspaces.AsNoTracking().SingleOrDefaultAsync(w => w.Name == name);
                if (ws is { State: not WorkspaceState.Preparing }) return ws;
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"{name} workspace still {ws?.State.ToString() ?? "missing"} (last job: {await LastJobAsync(name)}) after {timeout}");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>A client once the demo workspace is ready; fails with the workspace's error otherwise.</summary>
    public async Task<HttpClient> ReadyClientAsync()
    {
        var ws = await WaitForDemoAsync(TimeSpan.FromMinutes(3));
        if (ws.State != WorkspaceState.Ready) throw new InvalidOperationException($"demo workspace {ws.State}: {await LastJobAsync("demo")}");
        return CreateClient();
    }

    /// <summary>The workspace's latest preparation job as text (stage, state, error), for test messages.</summary>
    public async Task<string> LastJobAsync(string workspace)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<SaexDbContext>>().CreateDbContextAsync();
        var job = await db.Jobs.AsNoTracking().Where(j => db.Workspaces.Any(w => w.Id == j.WorkspaceId && w.Name == workspace))
            .OrderByDescending(j => j.Id).FirstOrDefaultAsync();
        return job is null ? "none" : $"{job.Stage} {job.State}{(job.Error is null ? "" : $": {job.Error}")}";
    }

    /// <summary>Keys of the workspace's stages whose latest run succeeded, in the order they ran.</summary>
    public async Task<string> CompletedStagesAsync(string workspace)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<SaexDbContext>>().CreateDbContextAsync();
        var done = await db.Jobs.AsNoTracking()
            .Where(j => j.State == SaeExplorer.Data.Jobs.JobState.Succeeded && db.Workspaces.Any(w => w.Id == j.WorkspaceId && w.Name == workspace))
            .OrderBy(j => j.Id).Select(j => j.Stage).ToListAsync();
        return string.Join(',', done);
    }

    /// <summary>Skipped images of the demo workspace: id -> reason.</summary>
    public IReadOnlyDictionary<string, string> SkipReasons()
    {
        using var db = Services.GetRequiredService<IDbContextFactory<SaexDbContext>>().CreateDbContext();
        return db.CorpusImages.Where(i => i.SkipReason != null).ToDictionary(i => i.ExternalId, i => i.SkipReason!);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing || KeepData) return;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } // best effort
    }
}
