using System.Net;
using System.Text.RegularExpressions;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Testing;

namespace SaeExplorer.Web.Tests.Features;

/// <summary>The feature list, feature page and image page as the server renders them.</summary>
public sealed class FeaturePagesTests : IClassFixture<SaexAppFactory>
{
    private readonly SaexAppFactory _app;

    public FeaturePagesTests(SaexAppFactory app) => _app = app;

    [Fact]
    public async Task AFeaturePageShowsItsTopImagesHistogramsAndNeighbours()
    {
        using var client = await _app.ReadyClientAsync();
        var html = await client.GetStringAsync("/features/demo/3");

        Assert.Contains("Feature #3", html);
        Assert.Contains("id=\"activation-histogram\"", html);
        Assert.Contains("id=\"density-histogram\"", html);
        Assert.Contains("id=\"similar-features\"", html);
        Assert.Equal(10, Regex.Matches(html, "href=\"/features/demo/\\d+\">#").Count); // ten similar features
        Assert.Contains("data-key-next", html);
    }

    [Fact]
    public async Task AnImagePageListsItsActiveFeaturesWithLinks()
    {
        using var client = await _app.ReadyClientAsync();
        var html = await client.GetStringAsync("/images/demo/00001");

        Assert.Contains("Active features", html);
        Assert.Contains("a green test picture, number 1", html);
        Assert.Matches("href=\"/features/demo/\\d+\"", html);
    }

    [Theory]
    [InlineData("/features/demo/99999", "has no feature #99999")]
    [InlineData("/features/nope/1", "no workspace named")]
    [InlineData("/features/nope", "no workspace named")]
    [InlineData("/images/demo/no-such-image", "has no image")]
    [InlineData("/images/demo/..%2F..%2Fetc%2Fpasswd", "has no image")]
    public async Task UnknownThingsAre404WithAFriendlyPanelAndAWayBack(string url, string message)
    {
        using var client = await _app.ReadyClientAsync();
        var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(message, html);
        Assert.Contains("id=\"not-found\"", html);
    }

    [Fact]
    public async Task ANonNumericFeatureIsAnUnknownAddress()
    {
        using var client = await _app.ReadyClientAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/features/demo/abc?x=%zz")).StatusCode);
    }
}
