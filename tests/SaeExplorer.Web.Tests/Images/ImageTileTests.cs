using Bunit;
using SaeExplorer.Data.Corpus;
using SaeExplorer.Data.Features;
using SaeExplorer.Web.Components.UI;

namespace SaeExplorer.Web.Tests.Images;

/// <summary>The image tile's markup: thumbnail, the browser's fallback address, the placeholder, encoded captions.</summary>
public sealed class ImageTileTests
{
    private static IRenderedComponent<ImageTile> Render(BunitContext ctx, ImageRef image) =>
        ctx.Render<ImageTile>(p => p.Add(c => c.Workspace, "web").Add(c => c.Image, image));

    [Fact]
    public async Task AUrlImageAsksTheServerFirstAndKeepsItsAddressAsTheFallback()
    {
        await using var ctx = new BunitContext();
        var tile = Render(ctx, new ImageRef(3, "a/b 1", "a dog", null, "https://example.org/dog pic.jpg?x=1&y=2"));

        var img = tile.Find("img");
        Assert.Equal("/thumbs/web/a%2Fb%201?size=160", img.GetAttribute("src"));
        Assert.True(img.HasAttribute("data-thumb"));
        Assert.Equal("https://example.org/dog%20pic.jpg?x=1&y=2", img.GetAttribute("data-fallback"));
        Assert.Equal("no-referrer", img.GetAttribute("referrerpolicy"));
        Assert.Equal("/images/web/a%2Fb%201", tile.Find("a.image-tile").GetAttribute("href"));
        Assert.Equal("a dog", tile.Find(".image-placeholder-caption").TextContent);
        Assert.Equal("link unavailable", tile.Find(".image-placeholder-hint").TextContent);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("JAVASCRIPT:alert(1)")]
    [InlineData("file:///etc/passwd")]
    [InlineData("data:image/png;base64,AAAA")]
    [InlineData("/images/00001.jpg")]
    [InlineData(null)]
    public async Task AnythingButAnHttpAddressGetsNoFallback(string? url)
    {
        await using var ctx = new BunitContext();
        var tile = Render(ctx, new ImageRef(0, "x", "caption", null, url));
        Assert.False(tile.Find("img").HasAttribute("data-fallback"));
        Assert.Equal("image unavailable", tile.Find(".image-placeholder-hint").TextContent);
        Assert.DoesNotContain("javascript", tile.Markup, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task HostileCaptionsAndAddressesStayText()
    {
        const string caption = "<script>alert(1)</script><img src=x onerror=alert(2)> \"quoted\" & more";
        await using var ctx = new BunitContext();
        var tile = Render(ctx, new ImageRef(0, "x", caption, null, "https://example.org/\"onerror=\"alert(3)"));

        Assert.Empty(tile.FindAll("script"));
        var img = Assert.Single(tile.FindAll("img"));
        Assert.False(img.HasAttribute("onerror"));
        Assert.Equal(caption, img.GetAttribute("alt"));
        Assert.Equal(caption, tile.Find(".image-caption").TextContent);
        Assert.Equal(caption, tile.Find(".image-placeholder-caption").TextContent);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", tile.Markup);
        Assert.Equal("https://example.org/%22onerror=%22alert(3)", img.GetAttribute("data-fallback"));
    }

    [Fact]
    public async Task ActivationAndCaptionAreOptional()
    {
        await using var ctx = new BunitContext();
        var tile = ctx.Render<ImageTile>(p => p.Add(c => c.Workspace, "web").Add(c => c.Image, new ImageRef(0, "x", null, "red", null))
            .Add(c => c.Activation, 1.23456f).Add(c => c.ShowCaption, false).Add(c => c.Size, 96));
        Assert.Equal("1.23", tile.Find(".image-activation").TextContent);
        Assert.Empty(tile.FindAll(".image-caption"));
        Assert.Equal("red", tile.Find("img").GetAttribute("alt"));
        Assert.Equal("96", tile.Find("img").GetAttribute("width"));
    }
}
