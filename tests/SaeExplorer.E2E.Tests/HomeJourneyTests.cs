using Microsoft.Playwright;
using SaeExplorer.Testing;

namespace SaeExplorer.E2E.Tests;

public sealed class HomeJourneyTests : IDisposable
{
    private readonly SaexAppFactory _app = new();

    [Fact]
    public async Task HomePageShowsTheDemoWorkspaceReadyInARealBrowser()
    {
        var baseAddress = _app.StartOnKestrel();
        await _app.WaitForDemoAsync(TimeSpan.FromMinutes(2));
        await using var browser = await BrowserSession.LaunchAsync();
        var page = await browser.NewPageAsync(1280, 800);

        await BrowserSession.GotoInteractiveAsync(page, baseAddress.ToString());
        var card = page.Locator("#workspace-demo");
        await Assertions.Expect(card.Locator(".workspace-state")).ToHaveTextAsync("ready");
        await Assertions.Expect(card.Locator(".workspace-summary")).ToContainTextAsync("resnet18");
        await Assertions.Expect(card.Locator(".workspace-images")).ToHaveTextAsync("12");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotDirectory, "home.png"), FullPage = true });
    }

    public void Dispose() => _app.Dispose();
}
