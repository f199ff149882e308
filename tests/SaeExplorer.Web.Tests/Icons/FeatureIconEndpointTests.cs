using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Core.Rendering.Icons;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Testing;
using SaeExplorer.Web.Services.Icons;

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

    [Fact]
    public async Task APictureIconIsServedAsThePngTheStageWrote()
    {
        using var client = await _app.ReadyClientAsync();
        var folder = FeatureIcons.Folder((await _app.Services.GetRequiredService<WorkspaceQueries>().FindAsync("demo"))!);
        var drawn = folder.Load()!;
        var feature = drawn.Icons[0].Feature;
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10, 42];
        try
        {
            // As a Kandinsky run leaves it: the set says "picture" for the feature, its PNG lies beside the set.
            folder.WritePng(feature, png);
            folder.Save(drawn with { Renderer = "kandinsky", Icons = [new FeatureIcon(feature, drawn.Icons[0].Value)] });

            var response = await client.GetAsync(Links.FeatureIcon("demo", feature));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(png, await response.Content.ReadAsByteArrayAsync());

            File.Delete(folder.PngPath(feature));
            await AssertProblemAsync(client, Links.FeatureIcon("demo", feature), "icon file is missing");
        }
        finally
        {
            folder.Save(drawn);
        }
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
