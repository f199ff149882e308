using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace SaeExplorer.Scale;

/// <summary>
/// Follows a workspace's preparation in the running app through GET /api/workspaces/{ws}, the way a script or the home
/// card does: one line per stage with its wall time, its rate and the app's peak private memory (RssAnon) meanwhile.
/// </summary>
public static class PreparationWatch
{
    public sealed record Stage(string Name, double Seconds, int Total, long PeakRssAnonMb);

    /// <summary>Polls until the workspace is ready (its stages) or failed (null, with the error printed).</summary>
    public static async Task<IReadOnlyList<Stage>?> RunAsync(Uri app, string workspace, int appPid, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = app, Timeout = TimeSpan.FromSeconds(30) };
        var stages = new List<Stage>();
        string? current = null;
        int total = 0;
        long peak = 0;
        var clock = Stopwatch.StartNew();
        var since = TimeSpan.Zero;
        var lastLine = TimeSpan.Zero;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            peak = Math.Max(peak, RssAnonMb(appPid));
            var state = await ReadAsync(http, workspace, ct);
            if (state is not null)
            {
                var stage = state.Value.GetProperty("stage").GetString();
                var ready = state.Value.GetProperty("ready").GetBoolean();
                if (stage != current || ready)
                {
                    if (current is not null) stages.Add(Done(current, clock.Elapsed - since, total, peak));
                    (current, since, peak) = (ready ? null : stage, clock.Elapsed, 0);
                }
                total = state.Value.GetProperty("total").GetInt32();
                if (state.Value.GetProperty("error").GetString() is { } error)
                {
                    Console.WriteLine($"{clock.Elapsed:hh\\:mm\\:ss} preparation failed in {stage}: {error}");
                    return null;
                }
                if (ready) return stages;
                if (clock.Elapsed - lastLine >= TimeSpan.FromSeconds(30))
                {
                    lastLine = clock.Elapsed;
                    Console.WriteLine($"{clock.Elapsed:hh\\:mm\\:ss} {stage}: {state.Value.GetProperty("done").GetInt32():N0}/{total:N0}, app RssAnon {peak:N0} MB so far");
                }
            }
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
    }

    private static Stage Done(string name, TimeSpan took, int total, long peak)
    {
        var stage = new Stage(name, took.TotalSeconds, total, peak);
        Console.WriteLine($"stage {name}: {took.TotalSeconds:F1} s, {total:N0} units{(took.TotalSeconds > 0 && total > 0 ? $" ({total / took.TotalSeconds:N0}/s)" : "")}, app peak RssAnon {peak:N0} MB");
        return stage;
    }

    /// <summary>The workspace's JSON, or null while the app is not answering yet (it may still be starting).</summary>
    private static async Task<JsonElement?> ReadAsync(HttpClient http, string workspace, CancellationToken ct)
    {
        try
        {
            return await http.GetFromJsonAsync<JsonElement>($"api/workspaces/{workspace}", ct);
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Private resident memory of the process in MB (0 once it is gone): mapped file pages do not count.</summary>
    public static long RssAnonMb(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
        }
        catch (IOException)
        {
        }
        return 0;
    }
}
