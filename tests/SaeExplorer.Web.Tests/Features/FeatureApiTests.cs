using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Testing;

namespace SaeExplorer.Web.Tests.Features;

/// <summary>The feature index built by first-run preparation, read back through the JSON API and checked against the SAE itself.</summary>
public sealed class FeatureApiTests : IClassFixture<SaexAppFactory>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SaexAppFactory _app;

    public FeatureApiTests(SaexAppFactory app) => _app = app;

    private async Task<JsonElement> GetJsonAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Json);
    }

    [Fact]
    public async Task TheListCoversEveryFeatureAndSortsByMaxActivation()
    {
        using var client = await _app.ReadyClientAsync();
        var all = await GetJsonAsync(client, "/api/workspaces/demo/features?take=3");
        Assert.Equal(1024, all.GetProperty("total").GetInt32()); // expansion 2 x 512
        Assert.Equal(3, all.GetProperty("features").GetArrayLength());

        var sorted = await GetJsonAsync(client, "/api/workspaces/demo/features?sort=MaxActivation&desc=true&take=50");
        var maxima = sorted.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("maxActivation").GetSingle()).ToList();
        Assert.Equal(maxima.OrderByDescending(m => m), maxima);
    }

    [Fact]
    public async Task AFeaturesTopImagesAreTheRowsWhereTheSaeActivatesItMost()
    {
        using var client = await _app.ReadyClientAsync();
        var list = await GetJsonAsync(client, "/api/workspaces/demo/features?alive=true&sort=Frequency&desc=true&take=1");
        var feature = list.GetProperty("features")[0].GetProperty("feature").GetInt32();
        var detail = await GetJsonAsync(client, $"/api/workspaces/demo/features/{feature}");
        var topRows = detail.GetProperty("topRows").EnumerateArray().Select(r => r.GetInt32()).ToArray();

        // Reference: encode every embedding with the saved SAE and rank this feature's activations.
        var files = new SaeExplorer.Core.Settings.WorkspaceFiles(Path.Combine(_app.DataDirectory, "workspaces", "demo"));
        using var sae = SaeLoader.Load(files.SaeFolder("demo-sae", first: true).Weights);
        using var embeddings = NpyFile.Open(files.Embeddings);
        var activations = Enumerable.Range(0, (int)embeddings.Rows).Select(r =>
        {
            var x = new float[embeddings.Columns];
            embeddings.ReadRow(r, x);
            return (Row: r, A: sae.Encode(x)[feature]);
        }).Where(t => t.A > 0).OrderByDescending(t => t.A).ThenBy(t => t.Row).Take(8).ToList();

        Assert.Equal(activations.Select(t => t.Row), topRows);
        Assert.Equal(Math.Min(8, detail.GetProperty("firingCount").GetInt64()), topRows.Length); // TopK = 8 in tests
        Assert.Equal(activations[0].A, detail.GetProperty("maxActivation").GetSingle(), 4);

        var images = await GetJsonAsync(client, $"/api/workspaces/demo/features/{feature}/top-images");
        Assert.Equal(topRows.Length, images.GetArrayLength());
        Assert.StartsWith("/thumbs/demo/", images[0].GetProperty("thumbnailUrl").GetString());
    }

    [Theory]
    [InlineData("/api/workspaces/demo/features/99999")]
    [InlineData("/api/workspaces/demo/features/-1")]
    [InlineData("/api/workspaces/nope/features/1")]
    [InlineData("/api/workspaces/nope/features")]
    [InlineData("/api/workspaces/demo/features/99999/top-images")]
    [InlineData("/api/workspaces/demo/features/abc")]
    [InlineData("/api/workspaces/nope/images")]
    [InlineData("/api/no-such-endpoint")]
    public async Task UnknownFeaturesAndWorkspacesAre404ProblemDetailsSayingWhat(string url)
    {
        using var client = await _app.ReadyClientAsync();
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Matches("no feature #|no workspace named|no API endpoint at", detail);
    }

    [Fact]
    public async Task AFeatureComesWithItsHistogramBinEdges()
    {
        using var client = await _app.ReadyClientAsync();
        var detail = await GetJsonAsync(client, "/api/workspaces/demo/features/0");
        var counts = detail.GetProperty("histogram").GetArrayLength();
        var edges = detail.GetProperty("histogramEdges").EnumerateArray().ToList();
        Assert.Equal(counts + 1, edges.Count);
        Assert.Equal(0, edges[0].GetDouble());
        Assert.Equal(0.001, edges[1].GetDouble(), 1e-6);
        Assert.Equal(1000, edges[^2].GetDouble(), 1e-3);
        Assert.Equal(JsonValueKind.Null, edges[^1].ValueKind); // the overflow bin has no upper bound
        var inner = edges.Skip(1).Take(counts - 1).Select(e => Math.Log10(e.GetDouble())).ToList();
        Assert.All(inner.Zip(inner.Skip(1)), p => Assert.Equal(0.15, p.Second - p.First, 1e-4)); // 0.15-decade bins
    }

    [Theory]
    [InlineData("/api/workspaces/demo/features?skip=abc")]
    [InlineData("/api/workspaces/demo/features?sort=Nonsense")]
    public async Task MalformedQueriesAreRefusedNotCrashed(string url)
    {
        using var client = await _app.ReadyClientAsync();
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Failed to bind parameter", (await response.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task HostileSearchTextIsHarmless()
    {
        using var client = await _app.ReadyClientAsync();
        var result = await GetJsonAsync(client, "/api/workspaces/demo/features?search=" + Uri.EscapeDataString("\" OR 1=1; -- NEAR( * ^"));
        Assert.Equal(0, result.GetProperty("total").GetInt32());
    }

    /// <summary>
    /// Every /api endpoint the app maps is in the OpenAPI document with its operation id, summary, a JSON 200 schema and
    /// its 404 problem, and every schema the document refers to is defined: a new endpoint without a description fails.
    /// </summary>
    [Fact]
    public async Task EveryApiRouteAndResponseSchemaIsDescribedByOpenApi()
    {
        using var client = await _app.ReadyClientAsync();
        using var parsed = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var doc = parsed.RootElement;
        var paths = doc.GetProperty("paths");
        var endpoints = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/"))
            .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .ToList();
        Assert.NotEmpty(endpoints);
        var problems = new List<string>(); // every undescribed route at once, not the first
        foreach (var endpoint in endpoints)
        {
            var path = System.Text.RegularExpressions.Regex.Replace(endpoint.RoutePattern.RawText!.TrimEnd('/'), ":[a-z]+}", "}");
            if (!paths.TryGetProperty(path, out var item))
            {
                problems.Add($"{path} is not in the OpenAPI document");
                continue;
            }
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods)
            {
                if (!item.TryGetProperty(method.ToLowerInvariant(), out var operation))
                {
                    problems.Add($"{method} {path} is not in the OpenAPI document");
                    continue;
                }
                if (!operation.TryGetProperty("operationId", out var id) || string.IsNullOrWhiteSpace(id.GetString())) problems.Add($"{method} {path} has no operation id");
                if (!operation.TryGetProperty("summary", out var summary) || string.IsNullOrWhiteSpace(summary.GetString())) problems.Add($"{method} {path} has no summary");
                var responses = operation.GetProperty("responses");
                // A read answers 200, an upload 201 Created (either way the success body is described: a JSON schema, or
                // for an image, a feature's icon, its media types), a delete 204 No Content.
                if (responses.TryGetProperty("200", out var success) || responses.TryGetProperty("201", out success))
                {
                    var described = success.TryGetProperty("content", out var content) &&
                        (content.TryGetProperty("application/json", out var json) ? json.TryGetProperty("schema", out _)
                            : content.EnumerateObject().Any(c => c.Name.StartsWith("image/", StringComparison.Ordinal)));
                    if (!described) problems.Add($"{method} {path} has no success schema");
                }
                else if (method != "DELETE" || !responses.TryGetProperty("204", out _))
                    problems.Add($"{method} {path} describes no success response (200, 201, or 204 for a delete)");
                // A route that names something (a workspace, a feature, a slug) says what it answers when that is missing.
                if (path.Contains('{') && !(responses.TryGetProperty("404", out var missing) && missing.GetProperty("content").TryGetProperty("application/problem+json", out _)))
                    problems.Add($"{method} {path} does not describe its 404 problem");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        var schemas = doc.GetProperty("components").GetProperty("schemas");
        foreach (var reference in References(doc))
            Assert.True(schemas.TryGetProperty(reference.Split('/')[^1], out _), $"{reference} is referred to but not defined");
    }

    private static IEnumerable<string> References(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p =>
            p.Name == "$ref" && p.Value.ValueKind == JsonValueKind.String ? [p.Value.GetString()!] : References(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(References),
        _ => [],
    };
}
