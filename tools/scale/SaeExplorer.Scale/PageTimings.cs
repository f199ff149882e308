using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace SaeExplorer.Scale;

/// <summary>
/// Times the pages of a prepared workspace in the running app, as a browser and the page's own calls reach them:
/// server-rendered HTML (what a permalink opens) and the API each page reads. Each kind is warmed up, then sampled at
/// random targets; p50, p95 and max are printed beside the issue's target for that page.
/// </summary>
public static class PageTimings
{
    public sealed record Kind(string Name, double TargetMs, Func<Random, string> Url);

    public sealed record Timing(string Name, int Samples, double P50, double P95, double Max, double TargetMs, int Failures)
    {
        public bool Meets => Failures == 0 && P95 <= TargetMs;
    }

    private static readonly string[] SortNames = ["Index", "Label", "Frequency", "MaxActivation", "MeanActivation", "Score"];

    public static async Task<IReadOnlyList<Timing>> RunAsync(Uri app, string workspace, int samples, int seed, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = app, Timeout = TimeSpan.FromSeconds(60) };
        var list = await http.GetFromJsonAsync<JsonElement>($"api/workspaces/{workspace}/features?take=1", ct);
        var features = list.GetProperty("total").GetInt32();
        var gallery = await http.GetFromJsonAsync<JsonElement>($"api/workspaces/{workspace}/images", ct);
        int images = gallery.GetProperty("total").GetInt32(), pages = gallery.GetProperty("pages").GetInt32();
        var imageIds = await ImageIdsAsync(http, workspace, pages, new Random(seed), ct);
        Console.WriteLine($"{features:N0} features, {images:N0} images in {pages:N0} gallery pages; {samples} samples per kind");

        var ws = Uri.EscapeDataString(workspace);
        string Image(Random r) => Uri.EscapeDataString(imageIds[r.Next(imageIds.Count)]);
        Kind[] kinds =
        [
            new("feature page (HTML)", 50, r => $"features/{ws}/{r.Next(features)}"),
            new("feature (API)", 50, r => $"api/workspaces/{ws}/features/{r.Next(features)}"),
            new("feature top images (API)", 50, r => $"api/workspaces/{ws}/features/{r.Next(features)}/top-images"),
            new("image page (HTML)", 200, r => $"images/{ws}/{Image(r)}"),
            new("image groups: SAE encode + sweep (API)", 200, r => $"api/workspaces/{ws}/images/{Image(r)}/groups"),
            new("gallery page (HTML)", 100, r => $"images/{ws}?page={1 + r.Next(pages)}"),
            new("gallery (API)", 100, r => $"api/workspaces/{ws}/images?page={1 + r.Next(pages)}"),
            new("caption search (API)", 100, r => $"api/workspaces/{ws}/images?q={Uri.EscapeDataString(SearchWords(r))}"),
            new("feature list page (HTML)", 100, _ => $"features/{ws}"),
            new("feature list, scroll and sort (API)", 100, r =>
                $"api/workspaces/{ws}/features?skip={r.Next(Math.Max(1, features - 50))}&take=50&sort={SortNames[r.Next(SortNames.Length)]}&desc={r.Next(2) == 1}"),
        ];
        var timings = new List<Timing>();
        foreach (var kind in kinds) timings.Add(await TimeAsync(http, kind, samples, new Random(seed), ct));
        return timings;
    }

    private static async Task<Timing> TimeAsync(HttpClient http, Kind kind, int samples, Random random, CancellationToken ct)
    {
        for (int i = 0; i < 5; i++) await GetAsync(http, kind.Url(random), ct); // JIT and first-touch caches
        var times = new List<double>(samples);
        int failures = 0;
        for (int i = 0; i < samples; i++)
        {
            var url = kind.Url(random);
            var clock = Stopwatch.StartNew();
            var ok = await GetAsync(http, url, ct);
            times.Add(clock.Elapsed.TotalMilliseconds);
            if (!ok)
            {
                failures++;
                if (failures <= 3) Console.WriteLine($"  {kind.Name}: {url} did not answer 200");
            }
        }
        times.Sort();
        var timing = new Timing(kind.Name, samples, Percentile(times, 0.5), Percentile(times, 0.95), times[^1], kind.TargetMs, failures);
        Console.WriteLine($"{timing.Name}: p50 {timing.P50:F1} ms, p95 {timing.P95:F1} ms, max {timing.Max:F1} ms (target p95 <= {timing.TargetMs} ms){(timing.Failures > 0 ? $", {timing.Failures} failed" : "")}");
        return timing;
    }

    /// <summary>Reads the whole body (a page is not served until it is read).</summary>
    private static async Task<bool> GetAsync(HttpClient http, string url, CancellationToken ct)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseContentRead, ct);
        return response.IsSuccessStatusCode;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    /// <summary>Ids of images from a few random gallery pages, to open their image pages.</summary>
    private static async Task<List<string>> ImageIdsAsync(HttpClient http, string workspace, int pages, Random random, CancellationToken ct)
    {
        var ids = new List<string>();
        for (int i = 0; i < 8; i++)
        {
            var page = await http.GetFromJsonAsync<JsonElement>($"api/workspaces/{workspace}/images?page={1 + random.Next(pages)}", ct);
            foreach (var image in page.GetProperty("images").EnumerateArray()) ids.Add(image.GetProperty("id").GetString()!);
        }
        return ids;
    }

    /// <summary>Caption words as a researcher would type them: a concept ("snowy castle"), sometimes with its number.</summary>
    private static string SearchWords(Random random)
    {
        var concept = SyntheticRows.Concept(random.Next(81_920)).Split(' ');
        return random.Next(3) == 0 ? string.Join(' ', concept) : $"{concept[0]} {concept[1]}";
    }
}
