using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SaeExplorer.Data;
using SaeExplorer.Data.Accounts;
using SaeExplorer.Testing;
using Xunit.Abstractions;

namespace SaeExplorer.E2E.Tests;

/// <summary>
/// Two researchers in two browser contexts on one feature page: each sees the other present, a label one adds and a
/// vote the other casts reach the other page within a second; then the workspace report.
/// </summary>
public sealed class LabellingJourneyTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private readonly LabelledPackApp _app = new();

    [Fact]
    public async Task TwoLabellersSeeEachOthersLabelsVotesAndPresenceLive()
    {
        var baseAddress = _app.StartOnKestrel();
        await _app.WaitForDemoAsync(TimeSpan.FromMinutes(4));
        var factory = _app.Services.GetRequiredService<IDbContextFactory<SaexDbContext>>();
        await TestUsers.AddAsync(factory, "ada", SaexRoles.Labeller);
        await TestUsers.AddAsync(factory, "bo", SaexRoles.Labeller);
        int feature;
        await using (var db = await factory.CreateDbContextAsync())
            feature = await db.Features.Where(f => f.TopLabel != null && f.TopLabelScore != null).OrderByDescending(f => f.TopLabelScore)
                .Select(f => f.Feature).FirstAsync();
        var featureUrl = new Uri(baseAddress, $"features/demo/{feature}").ToString();

        await using var browser = await BrowserSession.LaunchAsync();
        var ada = await SignedInAsync(browser, baseAddress, "ada", featureUrl);
        var bo = await SignedInAsync(browser, baseAddress, "bo", featureUrl);

        // Presence: each page names the other viewer.
        await Assertions.Expect(ada.Locator("#presence .presence-entry", new() { HasTextString = "bo" })).ToBeVisibleAsync();
        await Assertions.Expect(bo.Locator("#presence .presence-entry", new() { HasTextString = "ada" })).ToBeVisibleAsync();

        // Both pages settled (their charts drawn): a page still drawing itself shows a change only once it is done,
        // which is page-load time, not the live update measured here.
        foreach (var page in new[] { ada, bo })
            await Assertions.Expect(page.Locator("#density-histogram .js-plotly-plot")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        // Every label ada adds is on bo's page within a second of being on hers, the first one included.
        ILocator adas = null!, bos = null!;
        foreach (var text in new[] { "bright striped things", "plain red fields" })
        {
            var started = Stopwatch.StartNew();
            await ada.FillAsync("#label-new", text);
            await ada.ClickAsync("#label-add");
            adas = ada.Locator(".label-card", new() { HasTextString = text });
            await Assertions.Expect(adas).ToBeVisibleAsync();
            var shown = started.ElapsedMilliseconds;
            var travel = Stopwatch.StartNew();
            bos = bo.Locator(".label-card", new() { HasTextString = text });
            await Assertions.Expect(bos).ToBeVisibleAsync(new() { Timeout = (float)Second.TotalMilliseconds });
            output.WriteLine($"'{text}': on ada's page {shown} ms after the click, on bo's {travel.ElapsedMilliseconds} ms after that");
        }

        // A vote bo casts shows on ada's page within a second of bo's page counting it.
        await bos.Locator(".vote-up").ClickAsync();
        await Assertions.Expect(bos.Locator(".label-votes")).ToHaveTextAsync("1");
        var clock = Stopwatch.StartNew();
        await Assertions.Expect(adas.Locator(".label-votes")).ToHaveTextAsync("1", new() { Timeout = (float)Second.TotalMilliseconds });
        output.WriteLine($"vote reached the first browser {clock.ElapsedMilliseconds} ms after the second showed it");
        // The labels panel in view (a full-page shot would draw the fixed app bar mid-page).
        await ada.Locator(".labels-panel").ScrollIntoViewIfNeededAsync();
        await ada.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotDirectory, "feature-labels.png") });

        await BrowserSession.GotoInteractiveAsync(ada, new Uri(baseAddress, "workspaces/demo/report").ToString());
        await Assertions.Expect(ada.Locator(".report-share")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+\.\d%$"));
        await Assertions.Expect(ada.Locator(".purity-sae")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^0\.\d{3}$"));
        await Assertions.Expect(ada.Locator("#report-score-histogram .js-plotly-plot")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await ada.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotDirectory, "report.png"), FullPage = true });
    }

    /// <summary>A new browser context signed in as the user, on the page.</summary>
    private static async Task<IPage> SignedInAsync(BrowserSession browser, Uri baseAddress, string user, string url)
    {
        var page = await browser.NewPageAsync(1400, 1000);
        await page.GotoAsync(new Uri(baseAddress, "account/login").ToString());
        await page.FillAsync("#login-name", user);
        await page.FillAsync("#login-password", TestUsers.Password);
        await page.ClickAsync("#login-submit");
        await page.WaitForURLAsync(u => !u.Contains("/account/login"));
        await BrowserSession.GotoInteractiveAsync(page, url);
        return page;
    }

    public void Dispose() => _app.Dispose();
}
