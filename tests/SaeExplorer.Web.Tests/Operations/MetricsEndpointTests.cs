using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Data;
using SaeExplorer.Data.Accounts;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Testing;
using SaeExplorer.Web.Services.Rendering;
using SaeExplorer.Web.Tests.Rendering;

namespace SaeExplorer.Web.Tests.Operations;

/// <summary>
/// /metrics on the real app preparing its tiny demo: each series the operations page names is scraped, and moves with
/// what it counts (preparation progress while the stages run, request latency per route, label writes by kind, a
/// device's render queue). Other apps of the test run may add to the shared SaeExplorer.* meters, so counts are checked
/// as "moved by at least".
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class MetricsEndpointTests : IDisposable
{
    private readonly SaexAppFactory _app = new();

    private async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync(HttpClient client)
    {
        var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task EachSeriesIsScrapedAndMovesWithWhatItCounts()
    {
        using var client = _app.CreateClient();

        // Preparation progress, scraped while the demo prepares: a stage with its done count; at the end, done equals total.
        var seen = new HashSet<(string Stage, double Done)>();
        var rates = new List<double>();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        while (await StateAsync() == WorkspaceState.Preparing)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the demo still prepares after 4 minutes ({await _app.LastJobAsync("demo")})");
            var scrape = await ScrapeAsync(client);
            foreach (var done in scrape.Of("saex_preparation_done", ("workspace", "demo"))) seen.Add((done.Label("stage")!, done.Value));
            rates.AddRange(scrape.Of("saex_preparation_rate", ("workspace", "demo")).Select(r => r.Value));
            await Task.Delay(100);
        }
        Assert.Equal(WorkspaceState.Ready, await StateAsync());
        // How many stages a 100 ms poll catches depends on the machine's speed (a quiet one prepares this tiny workspace
        // before the first scrape); a scrape that caught the preparation must show a stage with its count.
        if (seen.Count > 0) Assert.True(seen.Any(s => s.Stage != "none"), $"progress seen: {string.Join(", ", seen)}");
        Assert.All(rates, r => Assert.True(r >= 0, $"rate {r}"));
        // Once ready, the workspace's series end or stand at done = total.
        var last = await ScrapeAsync(client);
        foreach (var total in last.Of("saex_preparation_total", ("workspace", "demo")))
            Assert.Equal(total.Value, last.Of("saex_preparation_done", ("workspace", "demo"), ("stage", total.Label("stage")!)).Single().Value);

        // Request latency: ASP.NET Core's histogram, per route.
        const string route = "/api/workspaces/{workspace}/features/"; // the group's MapGet("/")
        var requestsBefore = Count(last, route);
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/workspaces/demo/features?take=5")).StatusCode);
        // The host records a request's duration after the test client has its response: scrape until it is in.
        var afterRequests = await ScrapeAsync(client);
        for (var tries = 0; tries < 50 && Count(afterRequests, route) < requestsBefore + 3; tries++)
        {
            await Task.Delay(100);
            afterRequests = await ScrapeAsync(client);
        }
        Assert.True(Count(afterRequests, route) >= requestsBefore + 3, $"{route}: {requestsBefore} then {Count(afterRequests, route)}");
        Assert.Contains(afterRequests.Of("http_server_request_duration_seconds_bucket", ("http_route", route)), b => b.Value > 0);

        // Label writes, by kind.
        var labelsBefore = Writes(afterRequests, "label");
        var votesBefore = Writes(afterRequests, "vote");
        using var writer = await LabellerClientAsync();
        var first = await writer.PostAsJsonAsync("/api/workspaces/demo/features/1/labels", new { text = "counted once" });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await writer.PostAsJsonAsync("/api/workspaces/demo/features/2/labels", new { text = "counted twice" })).StatusCode);
        var id = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await writer.PostAsJsonAsync($"/api/labels/{id}/votes", new { vote = "Up" })).StatusCode);
        var afterWrites = await ScrapeAsync(client);
        Assert.True(Writes(afterWrites, "label") >= labelsBefore + 2, $"labels {labelsBefore} then {Writes(afterWrites, "label")}");
        Assert.True(Writes(afterWrites, "vote") >= votesBefore + 1, $"votes {votesBefore} then {Writes(afterWrites, "vote")}");

        // A device's render queue: two renders wait behind a running one, then none.
        var renderer = new FakeRenderer("metrics-gpu", gated: true);
        var worker = _app.Services.GetRequiredService<RenderWorkers>().For("metrics-gpu");
        var renders = Enumerable.Range(0, 3).Select(i => worker.Submit($"user-{i}", renderer, FakeRenderer.Request(i)).Completion!).ToList();
        var running = await renderer.NextStartAsync();
        Assert.Equal(2, Queue(await ScrapeAsync(client)));
        Assert.Equal(64, (await ScrapeAsync(client)).Of("saex_render_queue_capacity").Single().Value);
        running.Finish();
        (await renderer.NextStartAsync()).Finish();
        (await renderer.NextStartAsync()).Finish();
        await Task.WhenAll(renders);
        Assert.Equal(0, Queue(await ScrapeAsync(client)));
    }

    private static double Count(IReadOnlyList<PrometheusSample> scrape, string route) =>
        scrape.Of("http_server_request_duration_seconds_count", ("http_route", route)).Sum(s => s.Value);

    private static double Writes(IReadOnlyList<PrometheusSample> scrape, string kind) =>
        scrape.Of("saex_label_writes_total", ("kind", kind)).Sum(s => s.Value);

    private static double Queue(IReadOnlyList<PrometheusSample> scrape) => scrape.Of("saex_render_queue_length", ("device", "metrics-gpu")).Single().Value;

    private async Task<WorkspaceState?> StateAsync()
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SaexDbContext>>().CreateDbContextAsync();
        return await db.Workspaces.Where(w => w.Name == "demo").Select(w => (WorkspaceState?)w.State).SingleOrDefaultAsync() ?? WorkspaceState.Preparing;
    }

    private async Task<HttpClient> LabellerClientAsync()
    {
        var id = await TestUsers.AddAsync(_app.Services.GetRequiredService<IDbContextFactory<SaexDbContext>>(), "mia", SaexRoles.Labeller);
        var (token, _) = await _app.Services.GetRequiredService<ApiTokenStore>().CreateAsync(id, "metrics test");
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public void Dispose() => _app.Dispose();
}

/// <summary>
/// The metrics test runs alone: ASP.NET Core's request meter has the same name in every test host of the process, and
/// a host started beside it could take its request measurements.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "metrics";
}
