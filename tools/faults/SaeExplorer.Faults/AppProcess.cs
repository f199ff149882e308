using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace SaeExplorer.Faults;

/// <summary>
/// The app as its own process (dotnet SaeExplorer.Web.dll), on a private data folder and port, with the tiny pack as
/// its demo corpus: started, killed with SIGKILL (no shutdown of any kind), started again on the same files.
/// </summary>
public sealed class AppProcess(string webDll, string folder, string pack, int port) : IDisposable
{
    private Process? _process;

    public Uri Address { get; } = new($"http://127.0.0.1:{port}/");

    /// <summary>The SQLite file: in the data folder unless moved (the full-disk run puts it on a tiny tmpfs).</summary>
    public string Database { get; set; } = Path.Combine(folder, "saex.db");

    public int Starts { get; private set; }

    public async Task StartAsync(CancellationToken ct)
    {
        var start = new ProcessStartInfo("dotnet", [webDll]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["Saex__Database"] = Database;
        start.Environment["Saex__DataDirectory"] = folder;
        start.Environment["Saex__DemoPack"] = pack;
        start.Environment["Urls"] = Address.ToString().TrimEnd('/');
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Training__Steps"] = "600"; // long enough to be killed in, with checkpoints every 100 steps
        start.Environment["Training__CheckpointEvery"] = "100";
        start.Environment["Indexing__CheckpointEveryBatches"] = "1"; // small batches, each checkpointed: a stage slow enough to be caught
        start.Environment["Indexing__BatchSize"] = "2";
        start.Environment["Icons__RetrievalBatch"] = "1"; // a pass per icon, each saved: the stage lasts long enough to be killed inside
        start.Environment["RateLimits__WritesPerMinute"] = "1000000";
        start.Environment["RateLimits__WriteBurst"] = "1000000";
        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var log = Path.Combine(folder, $"app-{++Starts}.log");
        _ = CopyAsync(_process.StandardOutput, log + ".out");
        _ = CopyAsync(_process.StandardError, log + ".err");
        using var http = Client();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (_process.HasExited) throw new InvalidOperationException($"the app exited with {_process.ExitCode} while starting (see {log}.err)");
            try
            {
                if ((await http.GetAsync("healthz", ct)).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(250, ct);
        }
        throw new TimeoutException("the app did not answer /healthz within 2 minutes");
    }

    /// <summary>SIGKILL: the process gets no chance to flush, dispose or say goodbye.</summary>
    public void Kill()
    {
        if (_process is null || _process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>Asks the app to stop (SIGTERM: graceful shutdown) and waits for it.</summary>
    public async Task StopAsync()
    {
        if (_process is null || _process.HasExited) return;
        Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>GET /api/workspaces/demo, or null while the app does not answer.</summary>
    public async Task<JsonElement?> WorkspaceAsync(CancellationToken ct)
    {
        using var http = Client();
        try
        {
            return await http.GetFromJsonAsync<JsonElement>("api/workspaces/demo", ct);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    public HttpClient Client() => new() { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };

    public void Dispose() => Kill();

    private static async Task CopyAsync(StreamReader from, string path)
    {
        await using var to = File.CreateText(path);
        await from.BaseStream.CopyToAsync(to.BaseStream);
    }
}
