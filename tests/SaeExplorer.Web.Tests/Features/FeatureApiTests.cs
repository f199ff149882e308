using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
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
        var dir = Path.Combine(_app.DataDirectory, "workspaces", "demo");
        using var sae = SaeLoader.Load(Path.Combine(dir, "sae"));
        using var embeddings = NpyFile.Open(Path.Combine(dir, "embeddings.npy"));
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
    public async Task UnknownFeaturesAndWorkspacesAre404(string url)
    {
        using var client = await _app.ReadyClientAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);
    }

    [Theory]
    [InlineData("/api/workspaces/demo/features?skip=abc")]
    [InlineData("/api/workspaces/demo/features?sort=Nonsense")]
    public async Task MalformedQueriesAreRefusedNotCrashed(string url)
    {
        using var client = await _app.ReadyClientAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task HostileSearchTextIsHarmless()
    {
        using var client = await _app.ReadyClientAsync();
        var result = await GetJsonAsync(client, "/api/workspaces/demo/features?search=" + Uri.EscapeDataString("\" OR 1=1; -- NEAR( * ^"));
        Assert.Equal(0, result.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task TheApiIsDescribedByOpenApi()
    {
        using var client = await _app.ReadyClientAsync();
        var doc = await client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("ListFeatures", doc);
        Assert.Contains("GetFeatureTopImages", doc);
    }
}
