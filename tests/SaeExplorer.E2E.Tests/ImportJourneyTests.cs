using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SaeExplorer.Testing;

namespace SaeExplorer.E2E.Tests;

/// <summary>A researcher imports their own img2dataset corpus from the web page and watches it become a workspace.</summary>
public sealed class ImportJourneyTests : IDisposable
{
    private readonly SaexAppFactory _app = new();

    [Fact]
    public async Task ImportAnImg2DatasetFolderAsANewWorkspace()
    {
        var folder = TinyCorpora.Img2Dataset(Path.Combine(_app.ImportsDirectory, "my-corpus"), 12);
        var baseAddress = _app.StartOnKestrel();
        await _app.WaitForDemoAsync(TimeSpan.FromMinutes(2));
        await using var browser = await BrowserSession.LaunchAsync();
        var page = await browser.NewPageAsync(1280, 860);

        await BrowserSession.GotoInteractiveAsync(page, new Uri(baseAddress, "/workspaces/new").ToString());
        await page.FillAsync("#import-path", folder);
        await page.Keyboard.PressAsync("Escape");
        await page.ClickAsync("#import-name"); // leaving the folder field checks it and suggests a name
        await Assertions.Expect(page.Locator("#import-detected")).ToContainTextAsync("Img2DatasetFolder");
        await Assertions.Expect(page.Locator("#import-name")).ToHaveValueAsync("my-corpus");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotDirectory, "new-workspace.png") });

        await page.ClickAsync("#import-create");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/#workspace-my-corpus$"));
        var card = page.Locator("#workspace-my-corpus");
        await Assertions.Expect(card.Locator(".workspace-state")).ToHaveTextAsync("ready", new() { Timeout = 120_000 });
        await Assertions.Expect(card.Locator(".workspace-images")).ToHaveTextAsync("12");
        await Assertions.Expect(card.Locator(".workspace-source")).ToHaveTextAsync(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotDirectory, "home-imported.png"), FullPage = true });

        // The navigation drawer learns of the new workspace without a reload.
        await Assertions.Expect(page.Locator("nav a[href='/features/my-corpus']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("nav a[href='/images/my-corpus']")).ToBeVisibleAsync();

        await card.Locator("#browse-features").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/features/my-corpus$"));
        await Assertions.Expect(page.Locator(".feature-row").First).ToBeVisibleAsync();
    }

    public void Dispose() => _app.Dispose();
}
