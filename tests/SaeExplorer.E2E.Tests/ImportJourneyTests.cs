using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SaeExplorer.Data;
using SaeExplorer.Data.Accounts;
using SaeExplorer.Testing;

namespace SaeExplorer.E2E.Tests;

/// <summary>A researcher, the server's admin, imports their own img2dataset corpus from the web page and watches it become a workspace.</summary>
public sealed class ImportJourneyTests : IDisposable
{
    private readonly SaexAppFactory _app = new();

    [Fact]
    public async Task ImportAnImg2DatasetFolderAsANewWorkspace()
    {
        var folder = TinyCorpora.Img2Dataset(Path.Combine(_app.ImportsDirectory, "my-corpus"), 12);
        var baseAddress = _app.StartOnKestrel();
        await _app.WaitForDemoAsync(TimeSpan.FromMinutes(2));
        await TestUsers.AddAsync(_app.Services.GetRequiredService<IDbContextFactory<SaexDbContext>>(), "ada", SaexRoles.Admin);
        await using var browser = await BrowserSession.LaunchAsync();
        var newWorkspace = new Uri(baseAddress, "/workspaces/new").ToString();

        // Signed out, the page says which role importing needs, and names no folder of the server.
        var visitor = await browser.NewPageAsync(1280, 860);
        await BrowserSession.GotoInteractiveAsync(visitor, newWorkspace);
        await Assertions.Expect(visitor.Locator("#import-admin-only")).ToContainTextAsync("needs the admin role");
        await Assertions.Expect(visitor.Locator("#import-path")).ToHaveCountAsync(0);
        Assert.DoesNotContain(_app.ImportsDirectory, await visitor.ContentAsync());
        await visitor.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotDirectory, "new-workspace-signed-out.png") });

        var page = await browser.SignedInPageAsync(baseAddress, "ada", newWorkspace, 1280, 860);
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
