using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using SaeExplorer.Testing;

namespace SaeExplorer.Web.Tests.Images;

/// <summary>The Images page, an image known by URL and the image API as the server renders them.</summary>
public sealed class ImagePagesTests : IClassFixture<CaptionedCorpusApp>
{
    private readonly CaptionedCorpusApp _app;

    public ImagePagesTests(CaptionedCorpusApp app) => _app = app;

    [Fact]
    public async Task TheImagesPageIsItsOwnRouteAndTheNavLinksToIt()
    {
        await _app.SeededAsync();
        using var client = _app.CreateClient();
        var html = await client.GetStringAsync("/images/web?q=beach");
        Assert.Contains("id=\"image-grid\"", html);
        Assert.Contains("a brown dog on a beach", html);
        Assert.DoesNotContain("a cat asleep", html);
        Assert.Contains("href=\"/images/web\"", html);
        Assert.Contains("Images · web", html);
    }

    [Theory]
    [InlineData("/images/web?page=abc")]
    [InlineData("/images/web?page=-3&q=%22NEAR(")]
    [InlineData("/images/web?page=99999999999999")]
    [InlineData("/images/web?q=%zz&page=")]
    public async Task MalformedQueryStringsAreIgnoredSafely(string url)
    {
        await _app.SeededAsync();
        using var client = _app.CreateClient();

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("id=\"image-count\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnImageKnownByUrlLinksToItOffSite()
    {
        var ids = await _app.SeededAsync();
        using var client = _app.CreateClient();
        var html = await client.GetStringAsync($"/images/web/{ids["a cat asleep on a sofa"]}");

        var link = Regex.Match(html, "<a [^>]*id=\"image-url\"[^>]*>");
        Assert.True(link.Success, "no link to the image's address");
        Assert.Contains("href=\"https://images.example.org/2.jpg?w=640&amp;h=480\"", link.Value);
        Assert.Contains("target=\"_blank\"", link.Value);
        Assert.Contains("rel=\"noopener noreferrer nofollow\"", link.Value);
        Assert.Matches("<img [^>]*id=\"image-large\"[^>]*data-fallback=\"https://images.example.org/2.jpg", html);
    }

    [Fact]
    public async Task TheApiSearchesCaptionsAndPages()
    {
        await _app.SeededAsync();
        using var client = _app.CreateClient();
        var json = await client.GetFromJsonAsync<JsonElement>("/api/workspaces/web/images?q=dog");
        Assert.Equal(2, json.GetProperty("total").GetInt32());
        var first = json.GetProperty("images")[0];
        Assert.Equal("a brown dog on a beach", first.GetProperty("description").GetString());
        Assert.Equal("https://images.example.org/0.jpg?w=640&h=480", first.GetProperty("url").GetString());
        Assert.StartsWith("/thumbs/web/", first.GetProperty("thumbnailUrl").GetString());

        var second = await client.GetFromJsonAsync<JsonElement>("/api/workspaces/web/images?page=2");
        Assert.Equal((2, 2), (second.GetProperty("page").GetInt32(), second.GetProperty("pages").GetInt32()));
        Assert.Equal(CaptionedCorpusApp.Fillers + 3 - 48, second.GetProperty("images").GetArrayLength());

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/workspaces/nope/images")).StatusCode);
        Assert.Contains("/api/workspaces/{workspace}/images", await client.GetStringAsync("/openapi/v1.json"));
    }
}
