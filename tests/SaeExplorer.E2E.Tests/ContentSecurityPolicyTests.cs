using Microsoft.Playwright;
using SaeExplorer.Testing;

namespace SaeExplorer.E2E.Tests;

/// <summary>
/// The Content-Security-Policy in a real browser: the app's pages (MudBlazor, the Blazor circuit, Plotly charts) work
/// under it with nothing refused, and it is enforced: an injected inline script does not run.
/// </summary>
public sealed class ContentSecurityPolicyTests : IAsyncLifetime
{
    private SeededWorkspace _seeded = null!;
    private SeededApp _app = null!;

    public async Task InitializeAsync()
    {
        _seeded = await SeededWorkspace.CreateAsync();
        _app = new SeededApp(_seeded);
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        _seeded.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task PagesWorkUnderThePolicyAndAnInjectedScriptDoesNotRun()
    {
        var baseAddress = _app.StartOnKestrel();
        await using var browser = await BrowserSession.LaunchAsync();
        var page = await browser.NewPageAsync(1400, 900);

        // A feature page: MudBlazor, the circuit and two Plotly charts.
        await BrowserSession.GotoInteractiveAsync(page, new Uri(baseAddress, "features/demo/0").ToString());
        await Assertions.Expect(page.Locator("#activation-histogram .js-plotly-plot")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotDirectory, "csp-feature.png"), FullPage = true });
        // An image page: its activation chart, sweep and membership charts, and the steering panel.
        await BrowserSession.GotoInteractiveAsync(page, new Uri(baseAddress, "images/demo/img-0").ToString());
        await Assertions.Expect(page.Locator(".js-plotly-plot").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        foreach (var path in new[] { "", "images/demo", "lists", "search?q=red", "account/login" })
            await page.GotoAsync(new Uri(baseAddress, path).ToString());
        Assert.Empty(browser.TakeCspViolations());

        // Enforced, not only sent: an inline script put into the page is refused and reported.
        await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.injected = true'; document.body.appendChild(s); }");
        await Task.Delay(500);
        Assert.False(await page.EvaluateAsync<bool>("() => window.injected === true"));
        Assert.Contains(browser.TakeCspViolations(), line => line.Contains("script-src", StringComparison.Ordinal));
    }
}
