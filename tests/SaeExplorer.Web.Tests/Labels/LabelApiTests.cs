using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace SaeExplorer.Web.Tests.Labels;

/// <summary>The label API end to end: writes by token or cookie, refusals as problem details, conflicts with both versions.</summary>
public abstract class LabelApiTests(LabelsAppFixture fixture)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>(Json);

    [Fact]
    public async Task ALabelWrittenWithASignInCookieIsTheFeaturesTopLabelInTheListAndItsSearch()
    {
        var client = fixture.CookieClient(Role.Labeller);
        var created = await client.PostAsJsonAsync("/api/workspaces/demo/features/5/labels", new { text = "  faint red  " });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var label = await BodyAsync(created);
        Assert.Equal(("faint red", "human", "lara", 1, true), (label.GetProperty("text").GetString(), label.GetProperty("source").GetString(),
            label.GetProperty("author").GetString(), label.GetProperty("version").GetInt32(), label.GetProperty("isTop").GetBoolean()));
        Assert.Equal($"/api/labels/{label.GetProperty("id").GetInt32()}", created.Headers.Location!.OriginalString);

        using var anonymous = fixture.TokenClient(Role.Anonymous);
        var listed = await BodyAsync(await anonymous.GetAsync("/api/workspaces/demo/features?search=faint"));
        Assert.Equal([5], listed.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("feature").GetInt32()));
        Assert.Equal("faint red", listed.GetProperty("features")[0].GetProperty("topLabel").GetString());
        var labels = await BodyAsync(await anonymous.GetAsync("/api/workspaces/demo/features/5/labels"));
        Assert.Equal(["faint red"], labels.EnumerateArray().Select(l => l.GetProperty("text").GetString()));
    }

    [Theory]
    [InlineData("", "cannot be empty")]
    [InlineData(null, "cannot be empty")]
    [InlineData("x201", "at most 200 characters; this one has 201")]
    public async Task BadLabelTextIsA400ThatSaysWhy(string? text, string message)
    {
        using var client = fixture.TokenClient(Role.Labeller);
        var response = await client.PostAsJsonAsync("/api/workspaces/demo/features/6/labels", new { text = text == "x201" ? new string('x', 201) : text });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(message, (await BodyAsync(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AWrongTokenIsA401ThatSaysTheTokenIsNotValid()
    {
        using var client = fixture.TokenClient(Role.Anonymous);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "saex_notarealtoken");
        var response = await client.PostAsJsonAsync("/api/workspaces/demo/features/6/labels", new { text = "sneaky" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("token in the Authorization header is not valid", (await BodyAsync(response)).GetProperty("detail").GetString());
        // Reading needs nothing, but a script with a dead token is told so at once rather than reading on as nobody.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/workspaces/demo/features/6/labels")).StatusCode);
        client.DefaultRequestHeaders.Authorization = null;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/workspaces/demo/features/6/labels")).StatusCode);
    }

    [Fact]
    public async Task AnEditFromAStaleVersionIsA409WithBothVersions()
    {
        using var client = fixture.TokenClient(Role.Labeller);
        var id = await fixture.NewLabelAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"/api/labels/{id}", new { text = "first edit", version = 1 })).StatusCode);
        var stale = await client.PutAsJsonAsync($"/api/labels/{id}", new { text = "second edit", version = 1 });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var problem = await BodyAsync(stale);
        Assert.Contains("is at version 2, not 1", problem.GetProperty("detail").GetString());
        Assert.Equal(("first edit", 2), (problem.GetProperty("current").GetProperty("text").GetString(), problem.GetProperty("current").GetProperty("version").GetInt32()));
        Assert.Equal(("second edit", 1), (problem.GetProperty("yours").GetProperty("text").GetString(), problem.GetProperty("yours").GetProperty("version").GetInt32()));
        var history = await BodyAsync(await client.GetAsync($"/api/labels/{id}/history"));
        Assert.Equal(["a label to act on", "first edit"], history.EnumerateArray().Select(r => r.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task VotesRepeatedThroughTheApiCountOnce()
    {
        using var client = fixture.TokenClient(Role.Labeller);
        var id = await fixture.NewLabelAsync();
        for (var i = 0; i < 3; i++) await client.PostAsJsonAsync($"/api/labels/{id}/votes", new { vote = "up" });
        var label = await BodyAsync(await client.GetAsync($"/api/labels/{id}"));
        Assert.Equal((1, 0, 1), (label.GetProperty("up").GetInt32(), label.GetProperty("down").GetInt32(), label.GetProperty("myVote").GetInt32()));
    }

    [Fact]
    public async Task LabellingAFeatureBeyondTheSaeIsA404ThatSaysItsRange()
    {
        using var client = fixture.TokenClient(Role.Labeller);
        var response = await client.PostAsJsonAsync("/api/workspaces/demo/features/99/labels", new { text = "nothing" });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("features 0 to 7", (await BodyAsync(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task SearchAnswersAnyQueryWithHighlightedMatches()
    {
        using var client = fixture.TokenClient(Role.Labeller);
        var created = await BodyAsync(await client.PostAsJsonAsync($"/api/groups/{fixture.GroupSlug}/labels", new { text = "zebra stripes" }));
        foreach (var q in new[] { "zebra", "\"zebra", "zebra OR NOT", "NEAR(zebra", "*" })
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/search?q={Uri.EscapeDataString(q)}")).StatusCode);
        var hits = await BodyAsync(await client.GetAsync("/api/search?q=zebra"));
        var hit = Assert.Single(hits.EnumerateArray());
        Assert.Equal((created.GetProperty("id").GetInt32(), fixture.GroupSlug), (hit.GetProperty("labelId").GetInt32(), hit.GetProperty("groupSlug").GetString()));
        Assert.Equal("zebra", hit.GetProperty("spans").EnumerateArray().Single(s => s.GetProperty("match").GetBoolean()).GetProperty("text").GetString());
    }
}

public sealed class LabelApiTestsOnSqlite(LabelsAppFixture fixture) : LabelApiTests(fixture), IClassFixture<LabelsAppFixture>;

public sealed class LabelApiTestsOnPostgres(LabelsAppFixtureOnPostgres fixture) : LabelApiTests(fixture), IClassFixture<LabelsAppFixtureOnPostgres>;
