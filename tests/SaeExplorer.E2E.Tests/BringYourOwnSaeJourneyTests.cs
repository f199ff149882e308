using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SaeExplorer.Data;
using SaeExplorer.Data.Accounts;
using SaeExplorer.Testing;

namespace SaeExplorer.E2E.Tests;

/// <summary>
/// A researcher brings their own SAE: a workspace made from a clip-retrieval corpus with a SAELens SAE instead of training
/// one, then a sparser second SAE added from the card; pages pick it with ?sae= and its permalinks name it.
/// </summary>
public sealed class BringYourOwnSaeJourneyTests : IDisposable
{
    private readonly SaexAppFactory _app = new();

    private static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotDirectory, name), FullPage = true });

    [Fact]
    public async Task AnImportedSaeAndASecondSaeInOneWorkspace()
    {
        var folder = Path.Combine(_app.ImportsDirectory, "byo");
        var corpus = await TinyCorpora.ClipRetrieval(Path.Combine(folder, "laion-bit"), 40, dimension: 16);
        var sae = SaeFixtures.CopyTo(folder, "saelens", "clip-sae");
        var narrow = SaeFixtures.WritePth(Path.Combine(folder, "narrow.pth"), dIn: 16, dSae: 32);
        var baseAddress = _app.StartOnKestrel();
        await _app.WaitForDemoAsync(TimeSpan.FromMinutes(2));
        await TestUsers.AddAsync(_app.Services.GetRequiredService<IDbContextFactory<SaexDbContext>>(), "ada", SaexRoles.Admin);
        await using var browser = await BrowserSession.LaunchAsync();

        var page = await browser.SignedInPageAsync(baseAddress, "ada", new Uri(baseAddress, "/workspaces/new").ToString(), 1280, 900);
        await page.FillAsync("#import-path", corpus);
        await page.Keyboard.PressAsync("Escape");
        await page.ClickAsync("#import-name");
        await Assertions.Expect(page.Locator("#import-detected")).ToContainTextAsync("ClipRetrieval");
        await page.ClickAsync("#import-sae-file");
        await page.FillAsync("#import-sae-path", sae);
        await page.Keyboard.PressAsync("Escape");
        await page.FillAsync("#import-name", "byo");
        await ShotAsync(page, "byo-new-workspace.png");

        await page.ClickAsync("#import-create");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/#workspace-byo$"));
        var card = page.Locator("#workspace-byo");
        await Assertions.Expect(card.Locator(".workspace-state")).ToHaveTextAsync("ready", new() { Timeout = 120_000 });
        var first = card.Locator("#sae-byo-clip-sae");
        await Assertions.Expect(first.Locator(".sae-origin")).ToContainTextAsync("imported");
        await Assertions.Expect(first.Locator(".sae-origin")).ToContainTextAsync("saelens");
        await Assertions.Expect(first.Locator(".sae-file")).ToContainTextAsync(sae);
        await Assertions.Expect(first.Locator(".sae-fingerprint")).ToContainTextAsync("sha256:");
        await ShotAsync(page, "byo-home-imported.png");

        await card.Locator(".workspace-add-sae").ClickAsync();
        await page.FillAsync("#add-sae-path", narrow);
        await page.ClickAsync("#add-sae-name"); // closes the suggestions (Escape would close the dialog)
        await page.FillAsync("#add-sae-name", "narrow");
        await ShotAsync(page, "byo-add-sae.png");
        await page.ClickAsync("#add-sae-submit");
        var second = card.Locator("#sae-byo-narrow");
        await Assertions.Expect(second.Locator(".sae-features")).ToBeVisibleAsync(new() { Timeout = 120_000 });
        await Assertions.Expect(second.Locator(".sae-origin")).ToContainTextAsync("pth");
        await ShotAsync(page, "byo-home-two-saes.png");

        // The feature list picks the second SAE with ?sae=; the first stays the default, as links made before meant.
        await page.GotoAsync(new Uri(baseAddress, "/features/byo").ToString());
        await Assertions.Expect(page.Locator("#sae-picker")).ToBeVisibleAsync();
        await page.Locator("#sae-picker .sae-choice", new() { HasText = "narrow" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/features/byo\\?sae=narrow$"));
        // The list's links are the second SAE's permalinks once it shows that SAE.
        await Assertions.Expect(page.Locator(".feature-row a.feature-link").First).ToHaveAttributeAsync("href", new Regex("\\?sae=narrow$"));
        await ShotAsync(page, "byo-features-second-sae.png");

        await page.Locator(".feature-row a.feature-link").First.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/features/byo/\\d+\\?sae=narrow$"));
        await Assertions.Expect(page.Locator("#feature-title")).ToHaveTextAsync(new Regex("^Feature #\\d+$"));
        await Assertions.Expect(page.Locator("#next-feature")).ToHaveAttributeAsync("href", new Regex("\\?sae=narrow$"));
        await ShotAsync(page, "byo-feature-second-sae.png");

        // A link made before the second SAE came names no SAE: it still opens the first's feature (the second has only 32).
        await BrowserSession.GotoInteractiveAsync(page, new Uri(baseAddress, "/features/byo/40").ToString());
        await Assertions.Expect(page.Locator("#feature-title")).ToHaveTextAsync("Feature #40");
        await ShotAsync(page, "byo-feature-old-permalink.png");
    }

    public void Dispose() => _app.Dispose();
}
