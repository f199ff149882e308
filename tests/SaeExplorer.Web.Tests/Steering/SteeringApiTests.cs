using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Steering;
using SaeExplorer.Data.Steering;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Testing;
using SaeExplorer.Web.Services.Sae;

namespace SaeExplorer.Web.Tests.Steering;

/// <summary>The recipe download and the shared-steering API, on the real app over the seeded workspace.</summary>
public sealed class SteeringApiTests : IAsyncLifetime
{
    private SeededWorkspace _seeded = null!;
    private SeededApp _app = null!;

    public async Task InitializeAsync()
    {
        _seeded = await SeededWorkspace.CreateAsync();
        _app = new SeededApp(_seeded);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _seeded.Dispose();
    }

    [Fact]
    public async Task TheRecipeIsADownloadThatReplaysToTheSameSteeredEmbedding()
    {
        using var client = _app.CreateClient();
        var edits = new EditList([new SetFeatures(2, 4f), new ScaleFeatures([0], 0.5f)]);

        var response = await client.GetAsync(Links.Api.Recipe(SeededWorkspace.Name, "img-2", edits, keepError: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("steering-demo-img-2.json", response.Content.Headers.ContentDisposition?.FileName);
        var recipe = SteeringJson.ParseRecipe(await response.Content.ReadAsStringAsync());
        Assert.Equal("retrieval", recipe.Renderer);
        Assert.Equal(("demo", "img-2", 2L), (recipe.Source.Workspace, recipe.Source.ImageId, recipe.Source.Row));
        Assert.True(recipe.KeepError);
        Assert.Equal(8, recipe.Parameters.Top);
        Assert.Equal(SteeringJson.Write(edits), SteeringJson.Write(recipe.EditList));

        // What saex steer does with it: row 2 of the embeddings, the SAE, the edits. f0 = 1 halves to 0.5 and f2 = 1
        // becomes 4: [1, 1, 1, 1] + [-0.5, 0, 3, 0] = [0.5, 1, 4, 1].
        using var sae = SaeLoader.Load(Path.Combine(_seeded.Directory, "sae"));
        var x = SeededWorkspace.Rows[2];
        var result = Steerer.Apply(sae, x, sae.EncodeSparse(x), recipe.EditList, recipe.KeepError);
        Assert.Equal([0.5f, 1f, 4f, 1f], result.Embedding);
    }

    [Theory]
    [InlineData("scale:1*oops", "is not one of")]
    [InlineData("remove:99", "99")]
    [InlineData("set:1=2&error=sideways", "is not understood")]
    public async Task ABadRecipeRequestIsAProblemThatSaysWhy(string query, string said)
    {
        using var client = _app.CreateClient();

        var response = await client.GetAsync($"/api/workspaces/demo/images/img-2/recipe?edits={query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(said, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/api/workspaces/nope/images/img-2/recipe", "nope")]
    [InlineData("/api/workspaces/demo/images/img-99/recipe", "img-99")]
    [InlineData("/api/steering/doesnotexist", "doesnotexist")]
    [InlineData("/api/steering/%3Cscript%3E", "<script>")]
    public async Task UnknownThingsAreNotFoundProblems(string url, string named)
    {
        using var client = _app.CreateClient();

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(named, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ASharedStateReadsBackAndBecomesStaleWhenTheSaeIsReplaced()
    {
        var services = _app.Services;
        var workspace = (await services.GetRequiredService<WorkspaceQueries>().FindAsync(SeededWorkspace.Name))!;
        var edits = new EditList([new RemoveFeatures([1])]);
        var content = new SteeringContent(SeededWorkspace.Name, "img-2", 20, 8, "10%", 4, edits, true, workspace.SaeId!.Value,
            services.GetRequiredService<SaeModelCache>().Fingerprint(workspace));
        var store = services.GetRequiredService<SteeringPermalinkStore>();
        var slug = await store.ShareAsync(workspace.WorkspaceId, content);
        Assert.Equal(slug, await store.ShareAsync(workspace.WorkspaceId, content));
        using var client = _app.CreateClient();

        var shared = JsonDocument.Parse(await client.GetStringAsync(Links.Api.Steering(slug))).RootElement;

        Assert.Equal("img-2", shared.GetProperty("source").GetString());
        Assert.Equal(JsonValueKind.Null, shared.GetProperty("stale").ValueKind);
        Assert.Equal("/images/demo/img-2?kmax=20&restarts=8&tau=10%25&k=4&edits=remove:1", shared.GetProperty("imageUrl").GetString());
        Assert.Equal("remove", shared.GetProperty("edits").GetProperty("edits")[0].GetProperty("op").GetString());

        // Once the SAE the state was made on is no longer the workspace's, the state says why and steers nothing.
        await using (var db = await _seeded.Factory.CreateDbContextAsync())
            await db.SteeringPermalinks.Where(s => s.Slug == slug).ExecuteUpdateAsync(u => u.SetProperty(s => s.SaeFingerprint, "sha256:retrained0000000"));

        var stale = JsonDocument.Parse(await client.GetStringAsync(Links.Api.Steering(slug))).RootElement;
        Assert.Contains("replaced", stale.GetProperty("stale").GetString());
        Assert.Empty(stale.GetProperty("edits").GetProperty("edits").EnumerateArray());
        Assert.Contains("id=\"steering-stale\"", await client.GetStringAsync(Links.Steering(slug)));
    }
}
