using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SaeExplorer.Testing;

namespace SaeExplorer.Web.Tests.Icons;

/// <summary>The icon endpoint of the real app, after first-run preparation (which now draws icons with retrieval).</summary>
public sealed class FeatureIconEndpointTests : IClassFixture<SaexAppFactory>
{
    private readonly SaexAppFactory _app;

    public FeatureIconEndpointTests(SaexAppFactory app) => _app = app;

    [Fact]
    public async Task AnAliveFeaturesIconIsAnImageAndEverythingElseIsAProblem()
    {
        using var client = await _app.ReadyClientAsync();
        Assert.EndsWith(",icons", await _app.CompletedStagesAsync("demo"));
        var list = await client.GetFromJsonAsync<JsonElement>("/api/workspaces/demo/features?alive=true&take=1");
        var alive = list.GetProperty("features")[0].GetProperty("feature").GetInt32();
        var dead = await client.GetFromJsonAsync<JsonElement>("/api/workspaces/demo/features?alive=false&take=1");

        var icon = await client.GetAsync(Links.FeatureIcon("demo", alive, 96));
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/jpeg", icon.Content.Headers.ContentType?.MediaType);
        var bytes = await icon.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.Length > 100 && bytes[0] == 0xFF && bytes[1] == 0xD8, "a JPEG thumbnail");

        if (dead.GetProperty("features").GetArrayLength() > 0)
            await AssertProblemAsync(client, Links.FeatureIcon("demo", dead.GetProperty("features")[0].GetProperty("feature").GetInt32()), "has no icon yet");
        await AssertProblemAsync(client, Links.FeatureIcon("demo", 1_000_000), "has no feature #1000000");
        await AssertProblemAsync(client, Links.FeatureIcon("no-such-workspace", 0), "There is no workspace named 'no-such-workspace'.");
    }

    private static async Task AssertProblemAsync(HttpClient client, string url, string detail)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(detail, problem.GetProperty("detail").GetString());
    }
}
