using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;
using SaeExplorer.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SaeExplorer.E2E.Tests;

/// <summary>
/// Caption search over a corpus known only by URL, in a real browser: one image comes from the
/// server's thumbnail cache, one only the browser can load (the site turns the server away), one
/// link is dead and shows the placeholder with its caption.
/// </summary>
public sealed class ImageSearchJourneyTests : IAsyncLifetime
{
    private readonly UrlCorpusApp _app = new();
    private TestOrigin _origin = null!;

    public async Task InitializeAsync() => _origin = await TestOrigin.StartAsync(app =>
    {
        app.MapGet("/red.jpg", () => Results.File(Picture(new Rgb24(210, 40, 40)), "image/jpeg"));
        app.MapGet("/blue.jpg", () => Results.File(Picture(new Rgb24(40, 70, 210)), "image/jpeg"));
        app.MapGet("/browser-only.jpg", (HttpRequest request) => request.Headers.UserAgent.ToString().Contains("SaeExplorer")
            ? Results.NotFound() : Results.File(Picture(new Rgb24(240, 150, 20)), "image/jpeg"));
    });

    private static byte[] Picture(Rgb24 colour)
    {
        using var image = new Image<Rgb24>(320, 240, colour);
        for (var y = 80; y < 160; y++)
            for (var x = 120; x < 200; x++)
                image[x, y] = new Rgb24(255, 255, 255);
        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream);
        return stream.ToArray();
    }

    [Fact]
    public async Task SearchCaptionsAndSeeEveryKindOfTile()
    {
        var baseAddress = _app.StartOnKestrel();
        await _app.AddImageAsync(_origin.Url("/red.jpg"), "a red dog on a beach", "pets");
        await _app.AddImageAsync(_origin.Url("/browser-only.jpg"), "an orange dog only browsers may fetch", "pets");
        await _app.AddImageAsync(_origin.Url("/gone.jpg"), "a dog whose link has died", "pets");
        await _app.AddImageAsync(_origin.Url("/blue.jpg"), "a blue cat on a sofa", "pets");
        await using var browser = await BrowserSession.LaunchAsync();
        var page = await browser.NewPageAsync(1280, 720);

        await BrowserSession.GotoInteractiveAsync(page, new Uri(baseAddress, "/images/web").ToString());
        await Assertions.Expect(page.Locator("#image-count")).ToHaveTextAsync("4 images");

        await page.FillAsync("input#image-search", "dogs");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/images/web\\?q=dogs$"));
        await Assertions.Expect(page.Locator("#image-count")).ToHaveTextAsync("3 images");

        var cached = page.Locator(".image-tile", new() { HasText = "a red dog" }).Locator("img");
        await Assertions.Expect(cached).ToHaveJSPropertyAsync("naturalWidth", 160);
        Assert.StartsWith("/thumbs/web/", await cached.GetAttributeAsync("src"));

        var browserOnly = page.Locator(".image-tile", new() { HasText = "an orange dog" }).Locator("img");
        await Assertions.Expect(browserOnly).ToHaveAttributeAsync("src", _origin.Url("/browser-only.jpg"));
        await Assertions.Expect(browserOnly).ToHaveJSPropertyAsync("naturalWidth", 320);

        var dead = page.Locator(".image-tile", new() { HasText = "a dog whose link has died" });
        await Assertions.Expect(dead.Locator("img")).ToBeHiddenAsync();
        await Assertions.Expect(dead.Locator(".image-placeholder")).ToBeVisibleAsync();
        await Assertions.Expect(dead.Locator(".image-placeholder-hint")).ToHaveTextAsync("link unavailable");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotDirectory, "images.png") });

        // The dead link's own page: the large placeholder, and the address to try by hand.
        await dead.ClickAsync();
        await Assertions.Expect(page.Locator("#image-caption")).ToHaveTextAsync("a dog whose link has died");
        await Assertions.Expect(page.Locator(".image-placeholder.image-large")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#image-url")).ToHaveAttributeAsync("href", _origin.Url("/gone.jpg"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotDirectory, "image-dead-link.png") });
    }

    public async Task DisposeAsync()
    {
        await _origin.DisposeAsync();
        _app.Dispose();
    }
}
