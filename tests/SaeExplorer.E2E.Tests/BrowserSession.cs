using Microsoft.Playwright;

namespace SaeExplorer.E2E.Tests;

/// <summary>
/// Debian's chromium driven by Playwright. No browser download: the tests install Debian's
/// package (see test.sh) and point Playwright at it. The flags keep it off the network.
/// Dispose it to close the browser and Playwright: that fails the test when any of its pages broke the app's
/// Content-Security-Policy (the browser blocked a script, style, image or connection), so every journey checks it.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _cspViolations = new();

    private BrowserSession(IPlaywright playwright, IBrowser browser) => (_playwright, _browser) = (playwright, browser);

    /// <summary>A new page of the given viewport size, whose Content-Security-Policy reports are collected.</summary>
    public async Task<IPage> NewPageAsync(int width, int height)
    {
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) _cspViolations.Enqueue($"{page.Url}: {message.Text}");
        };
        return page;
    }

    /// <summary>What the browser refused under the Content-Security-Policy so far, one line each; they no longer fail the session.</summary>
    public IReadOnlyList<string> TakeCspViolations()
    {
        var taken = new List<string>();
        while (_cspViolations.TryDequeue(out var line)) taken.Add(line);
        return taken;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        if (!_cspViolations.IsEmpty)
            throw new InvalidOperationException("The browser refused content under the Content-Security-Policy:\n" + string.Join("\n", _cspViolations));
    }

    public const string ChromiumPath = "/usr/bin/chromium";

    public static readonly string ScreenshotDirectory =
        Path.Combine(SaeExplorer.Core.Settings.SaexPaths.Root, "artifacts", "screenshots");

    public static async Task<BrowserSession> LaunchAsync()
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
        return new BrowserSession(playwright, browser);
    }

    /// <summary>A new page of the given size signed in as <paramref name="user"/> (password <see cref="Testing.TestUsers.Password"/>), on <paramref name="url"/>.</summary>
    public async Task<IPage> SignedInPageAsync(Uri baseAddress, string user, string url, int width, int height)
    {
        var page = await NewPageAsync(width, height);
        await page.GotoAsync(new Uri(baseAddress, "account/login").ToString());
        await page.FillAsync("#login-name", user);
        await page.FillAsync("#login-password", Testing.TestUsers.Password);
        await page.ClickAsync("#login-submit");
        // Signed in once the redirect commits; the page it lands on need not finish loading (its thumbnails can take
        // long on a busy machine), since the next step opens the page asked for.
        await page.WaitForURLAsync(u => !u.Contains("/account/login"), new() { WaitUntil = WaitUntilState.Commit });
        await GotoInteractiveAsync(page, url);
        return page;
    }

    /// <summary>Opens a page and waits until its circuit is live, so the next click reaches the server.</summary>
    public static async Task GotoInteractiveAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        await page.Locator("body[data-interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
    }
}
