using System.Diagnostics;
using System.Text.Json;

namespace SaeExplorer.Faults;

/// <summary>One SIGKILL in a preparation stage: where it struck, and where the stage stood when the app came back.</summary>
public sealed record StageKill(string Stage, int DoneAtKill, int Total, int? FirstDoneAfter, TimeSpan BackIn)
{
    public string Describe() =>
        $"{Stage}: killed at {DoneAtKill:N0}/{Total:N0}; after the restart it went on from " +
        (FirstDoneAfter is { } first ? $"{first:N0}" : "a finished stage") + $" ({BackIn.TotalSeconds:F1} s to start again)";
}

/// <summary>
/// Kills the app once in each named stage once it has done the given share of its work (0: at its first progress, for a
/// stage too quick to catch later), and starts it again each time.
/// </summary>
public static class StageKills
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    public static async Task<List<StageKill>> RunAsync(AppProcess app, IReadOnlyList<(string Stage, double At)> stages, CancellationToken ct)
    {
        var kills = new List<StageKill>();
        foreach (var (stage, at) in stages)
        {
            var (done, total) = await WaitForAsync(app, stage, at, ct);
            app.Kill();
            Console.WriteLine($"killed the app (SIGKILL) in '{stage}' at {done}/{total}");
            var clock = Stopwatch.StartNew();
            await app.StartAsync(ct);
            var back = clock.Elapsed;
            kills.Add(new StageKill(stage, done, total, await FirstProgressAsync(app, stage, ct), back));
            Console.WriteLine(kills[^1].Describe());
        }
        return kills;
    }

    /// <summary>Polls until <paramref name="stage"/> runs and has done at least <paramref name="at"/> of its work.</summary>
    private static async Task<(int Done, int Total)> WaitForAsync(AppProcess app, string stage, double at, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Patience)
        {
            if (await app.WorkspaceAsync(ct) is { } ws && Running(ws) is { } now && now.Stage == stage && now.Total > 0 && now.Done >= Math.Max(1, at * now.Total))
                return (now.Done, now.Total);
            await Task.Delay(10, ct);
        }
        throw new TimeoutException($"stage '{stage}' did not reach {at:P0} within {Patience.TotalMinutes} minutes");
    }

    /// <summary>The stage's first progress after the restart (null: it had already finished, or the next stage is running).</summary>
    private static async Task<int?> FirstProgressAsync(AppProcess app, string stage, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Patience)
        {
            if (await app.WorkspaceAsync(ct) is { } ws)
            {
                if (ws.GetProperty("ready").GetBoolean()) return null;
                if (Running(ws) is { } now)
                {
                    if (now.Stage != stage) return null;
                    if (now.Total > 0) return now.Done;
                }
            }
            await Task.Delay(50, ct);
        }
        throw new TimeoutException($"stage '{stage}' did not go on within {Patience.TotalMinutes} minutes of the restart");
    }

    /// <summary>The running stage: the workspace's own, or its SAE's.</summary>
    public static (string Stage, int Done, int Total)? Running(JsonElement ws)
    {
        if (ws.GetProperty("stage").GetString() is { } stage)
            return (stage, ws.GetProperty("done").GetInt32(), ws.GetProperty("total").GetInt32());
        return null;
    }
}
