using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SaeExplorer.Testing;

namespace SaeExplorer.Load;

/// <summary>
/// Writers posting labels on the seeded workspace's features, each with its own token, until the time is up; each
/// acknowledged (201) label's id and latency are kept. 429s are the rate limits working, not failures.
/// </summary>
public static class LabelStorm
{
    public static async Task<StormResult> RunAsync(Uri address, IReadOnlyList<string> tokens, TimeSpan duration)
    {
        var tag = $"load-{Guid.NewGuid():N}"[..13];
        var clock = Stopwatch.StartNew();
        var writers = tokens.Select((token, w) => Task.Run(() => WriteAsync(address, token, w, tag, clock, duration))).ToList();
        var results = await Task.WhenAll(writers);
        return new StormResult(tag, clock.Elapsed, [.. results.SelectMany(r => r.Acked)], [.. results.SelectMany(r => r.Latencies)],
            results.Sum(r => r.Limited), results.Sum(r => r.ServerErrors), results.Sum(r => r.Other));
    }

    private static async Task<WriterResult> WriteAsync(Uri address, string token, int writer, string tag, Stopwatch clock, TimeSpan duration)
    {
        using var client = new HttpClient { BaseAddress = address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var result = new WriterResult();
        for (var n = 0; clock.Elapsed < duration; n++)
        {
            var feature = (writer + n) % SeededWorkspace.DSae;
            var started = clock.Elapsed;
            using var response = await client.PostAsJsonAsync($"/api/workspaces/{SeededWorkspace.Name}/features/{feature}/labels",
                new { text = $"{tag} w{writer} n{n}" });
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
    }
}

/// <summary>A label of the run as the database holds it.</summary>
public sealed record StoredLabel(int Id, string Text);

/// <summary>What a storm did: acknowledged label ids, their latencies (ms), and the other answers counted.</summary>
public sealed record StormResult(string RunTag, TimeSpan Elapsed, IReadOnlyList<int> Acked, IReadOnlyList<double> Latencies,
    int Limited, int ServerErrors, int Other)
{
    /// <summary>Acknowledged writes the database does not hold.</summary>
    public int Lost(IReadOnlyList<StoredLabel> stored) => Acked.Except(stored.Select(s => s.Id)).Count();

    /// <summary>Writes the database holds more than once (each text was sent once).</summary>
    public static int Duplicated(IReadOnlyList<StoredLabel> stored) => stored.Count - stored.Select(s => s.Text).Distinct().Count();

    public string Summary(string provider, IReadOnlyList<StoredLabel> stored)
    {
        var sorted = Latencies.Order().ToArray();
        double Quantile(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return string.Create(CultureInfo.InvariantCulture,
            $"{provider}: {Acked.Count} writes acknowledged in {Elapsed.TotalSeconds:F1} s = {Acked.Count / Elapsed.TotalSeconds:F0} writes/s; " +
            $"latency p50 {Quantile(0.5):F1} ms, p99 {Quantile(0.99):F1} ms; stored {stored.Count}, lost {Lost(stored)}, " +
            $"duplicated {Duplicated(stored)}; 429 x{Limited}, 5xx x{ServerErrors}, other x{Other}");
    }
}
