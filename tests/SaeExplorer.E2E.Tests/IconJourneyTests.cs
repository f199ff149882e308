using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SaeExplorer.Testing;

namespace SaeExplorer.E2E.Tests;

/// <summary>Feature icons, drawn by first-run preparation: loaded images in the feature list and beside a feature's top images.</summary>
public sealed class IconJourneyTests : IDisposable
{
    private readonly SaexAppFactory _app = new();

    [Fact]
    public async Task IconsShowInTheFeatureListAndOnTheFeaturePage()
    {
        var baseAddress = _app.StartOnKestrel();
        await _app.WaitForDemoAsync(TimeSpan.FromMinutes(3)); // ready means the icons stage has run too
        await using var browser = await BrowserSession.LaunchAsync();
        var page = await browser.NewPageAsync(1400, 900);

        await BrowserSession.GotoInteractiveAsync(page, new Uri(baseAddress, "/features/demo").ToString());
        var icons = page.Locator(".feature-row img.feature-icon");
        await Assertions.Expect(icons.First).ToBeVisibleAsync();
        await WaitLoadedAsync(icons.First);
        Assert.Contains("nearest corpus image to the feature's direction on the mean embedding (cos ", await icons.First.GetAttributeAsync("title"));
        Assert.Equal(0, await page.Locator(".feature-row img[data-failed]").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotDirectory, "features-icons.png") });

        await page.Locator(".feature-row a.feature-link").First.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/features/demo/\\d+$"));
        var icon = page.Locator("#feature-icon img.feature-icon");
        await Assertions.Expect(icon).ToBeVisibleAsync();
        await WaitLoadedAsync(icon);
        await Assertions.Expect(page.Locator("#feature-icon-caption")).ToContainTextAsync("nearest corpus image");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotDirectory, "feature-icon.png") });
    }

    /// <summary>The image has arrived and decoded (a broken image has natural width 0).</summary>
    private static async Task WaitLoadedAsync(ILocator image)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await image.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0")) return;
            await Task.Delay(100);
        }
        Assert.Fail($"icon {await image.GetAttributeAsync("src")} did not load");
    }

    public void Dispose() => _app.Dispose();
}
