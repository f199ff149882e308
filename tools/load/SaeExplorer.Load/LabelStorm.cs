using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SaeExplorer.Testing;

namespace SaeExplorer.Load;

/// <summary>
/// Writers posting labels on a workspace's features (the seeded one's unless named), each with its own token, until
/// the time is up; each acknowledged (201) label's id and latency are kept. 429s are the rate limits working, not
/// failures; a request the server never answered (it was killed: the fault run) is counted and tried again shortly.
/// </summary>
public static class LabelStorm
{
    public static async Task<StormResult> RunAsync(Uri address, IReadOnlyList<string> tokens, TimeSpan duration,
        string workspace = SeededWorkspace.Name, int features = SeededWorkspace.DSae)
    {
        var tag = $"load-{Guid.NewGuid():N}"[..13];
        var clock = Stopwatch.StartNew();
        var target = new Target(address, workspace, features);
        var writers = tokens.Select((token, w) => Task.Run(() => WriteAsync(target, token, w, tag, clock, duration))).ToList();
        var results = await Task.WhenAll(writers);
        return new StormResult(tag, clock.Elapsed, [.. results.SelectMany(r => r.Acked)], [.. results.SelectMany(r => r.Latencies)],
            results.Sum(r => r.Limited), results.Sum(r => r.ServerErrors), results.Sum(r => r.Other))
        { Unanswered = results.Sum(r => r.Unanswered) };
    }

    private sealed record Target(Uri Address, string Workspace, int Features);

    private static async Task<WriterResult> WriteAsync(Target target, string token, int writer, string tag, Stopwatch clock, TimeSpan duration)
    {
        var address = target.Address;
        using var client = new HttpClient { BaseAddress = address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var result = new WriterResult();
        for (var n = 0; clock.Elapsed < duration; n++)
        {
            var feature = (writer + n) % target.Features;
            var started = clock.Elapsed;
            HttpResponseMessage response;
            try
            {
                response = await client.PostAsJsonAsync($"/api/workspaces/{target.Workspace}/features/{feature}/labels",
                    new { text = $"{tag} w{writer} n{n}" });
            }
            catch (HttpRequestException)
            {
                result.Unanswered++; // not acknowledged: the database may or may not hold it, and either is correct
                await Task.Delay(100);
                continue;
            }
            using var _ = response;
            var took = clock.Elapsed - started;
            switch (response.StatusCode)
            {
                case HttpStatusCode.Created:
                    var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                    result.Acked.Add(body.GetProperty("id").GetInt32());
                    result.Latencies.Add(took.TotalMilliseconds);
                    break;
                case HttpStatusCode.TooManyRequests:
                    result.Limited++;
                    await Task.Delay(RetryAfter(response));
                    break;
                case >= HttpStatusCode.InternalServerError:
                    result.ServerErrors++;
                    break;
                default:
                    result.Other++;
                    break;
            }
        }
        return result;
    }

    private static TimeSpan RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta is { } delta && delta < TimeSpan.FromSeconds(5) ? delta : TimeSpan.FromMilliseconds(200);

    private sealed class WriterResult
    {
        public List<int> Acked { get; } = [];
        public List<double> Latencies { get; } = [];
        public int Limited { get; set; }
        public int ServerErrors { get; set; }
        public int Other { get; set; }
        public int Unanswered { get; set; }
    }
}

/// <summary>A label of the run as the database holds it.</summary>
public sealed record StoredLabel(int Id, string Text);

/// <summary>What a storm did: acknowledged label ids, their latencies (ms), and the other answers counted.</summary>
public sealed record StormResult(string RunTag, TimeSpan Elapsed, IReadOnlyList<int> Acked, IReadOnlyList<double> Latencies,
    int Limited, int ServerErrors, int Other)
{
    /// <summary>Requests the server never answered (connection refused or reset: it was down).</summary>
    public int Unanswered { get; init; }

    /// <summary>Acknowledged writes the database does not hold.</summary>
    public int Lost(IReadOnlyList<StoredLabel> stored) => Acked.Except(stored.Select(s => s.Id)).Count();

    /// <summary>Writes the database holds more than once (each text is sent once, never again after no answer).</summary>
    public static int Duplicated(IReadOnlyList<StoredLabel> stored) => stored.Count - stored.Select(s => s.Text).Distinct().Count();

    public string Summary(string provider, IReadOnlyList<StoredLabel> stored)
    {
        var sorted = Latencies.Order().ToArray();
        double Quantile(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return string.Create(CultureInfo.InvariantCulture,
            $"{provider}: {Acked.Count} writes acknowledged in {Elapsed.TotalSeconds:F1} s = {Acked.Count / Elapsed.TotalSeconds:F0} writes/s; " +
            $"latency p50 {Quantile(0.5):F1} ms, p99 {Quantile(0.99):F1} ms; stored {stored.Count}, lost {Lost(stored)}, " +
            $"duplicated {Duplicated(stored)}; 429 x{Limited}, 5xx x{ServerErrors}, other x{Other}, unanswered x{Unanswered}");
    }
}
