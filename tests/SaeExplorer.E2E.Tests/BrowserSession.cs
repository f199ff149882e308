using Microsoft.Playwright;

namespace SaeExplorer.E2E.Tests;

/// <summary>
/// Debian's chromium driven by Playwright. No browser download: the tests install Debian's
/// package (see test.sh) and point Playwright at it. The flags keep it off the network.
/// </summary>
public static class BrowserSession
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static readonly string ScreenshotDirectory =
        Path.Combine(SaeExplorer.Data.Configuration.SaexPaths.Root, "artifacts", "screenshots");

    public static async Task<(IPlaywright, IBrowser)> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: run ./test.sh (it installs Debian's chromium) or apt-get install chromium.");
        // CI shares two cores between the app, its background work and the browser: be patient.
        Assertions.SetDefaultExpectTimeout(20_000);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            ],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
        return (playwright, browser);
    }

    /// <summary>Opens a page and waits until its circuit is live, so the next click reaches the server.</summary>
    public static async Task GotoInteractiveAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        await page.Locator("body[data-interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
    }
}
