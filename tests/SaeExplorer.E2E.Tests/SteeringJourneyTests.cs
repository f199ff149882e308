using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SaeExplorer.Testing;

namespace SaeExplorer.E2E.Tests;

/// <summary>
/// Steering in a real browser: move a group's slider and a new render of the steered embedding appears, the state
/// goes into the address, Share gives a /s/ permalink, and a fresh browser opens the same state from it.
/// </summary>
public sealed class SteeringJourneyTests : IDisposable
{
    private readonly SaexAppFactory _app = new();

    private static string Shot(string name) => Path.Combine(BrowserSession.ScreenshotDirectory, name);

    [Fact]
    public async Task MoveAGroupSliderShareTheStateAndReopenIt()
    {
        var baseAddress = _app.StartOnKestrel();
        var ws = await _app.WaitForDemoAsync(TimeSpan.FromMinutes(3));
        Assert.Equal(SaeExplorer.Data.Workspaces.WorkspaceState.Ready, ws.State);
        await using var browser = await BrowserSession.LaunchAsync();
        var page = await browser.NewPageAsync(1400, 1000);

        await BrowserSession.GotoInteractiveAsync(page, new Uri(baseAddress, "/images/demo/00005").ToString());
        var before = page.Locator("#render-before .render-nearest a.image-tile");
        var after = page.Locator("#render-after .render-nearest a.image-tile");
        await Assertions.Expect(before.First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#render-before .render-caption")).ToContainTextAsync("nearest corpus images");
        Assert.Equal(0, await after.CountAsync()); // nothing steered yet

        // Six steps of 0.05 on group 1's slider, as fast as a held arrow key repeats: none is lost to the round trip (the
        // server never writes the slider's value back at it), however loaded the server.
        await page.Locator("#knob-group-1 input[type=range]").FocusAsync();
        for (var i = 1; i <= 6; i++) await page.Keyboard.PressAsync("ArrowRight");
        await Assertions.Expect(page.Locator("#knob-group-1 .knob-value")).ToHaveTextAsync("×1.30");
        Assert.Equal("1.3", await page.Locator("#knob-group-1 input[type=range]").InputValueAsync());
        await Assertions.Expect(after.First).ToBeVisibleAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"[?&]edits=scale:[0-9,]+\*1\.3(&|$)"));
        var steeredUrl = page.Url;

        await page.ClickAsync("#steer-share");
        var permalink = await page.Locator("#steer-permalink a").GetAttributeAsync("href");
        Assert.Matches("^/s/[a-z2-7]{10,32}$", permalink);

        // A fresh browser context: the permalink lands on the same steered address, knob and nearest images.
        var fresh = await browser.NewPageAsync(1400, 1000);
        await BrowserSession.GotoInteractiveAsync(fresh, new Uri(baseAddress, permalink!).ToString());
        await Assertions.Expect(fresh).ToHaveURLAsync(steeredUrl);
        await Assertions.Expect(fresh.Locator("#knob-group-1 .knob-value")).ToHaveTextAsync("×1.30");
        var reopened = fresh.Locator("#render-after .render-nearest a.image-tile");
        await Assertions.Expect(reopened.First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var nearest = await Hrefs(reopened);
        // The first page settles on the same images: its last step renders after the knob's pause, and an earlier
        // step's render (or none, while the last one runs) may show until then.
        var shown = await Hrefs(after);
        for (var waited = Stopwatch.StartNew(); !shown.SequenceEqual(nearest) && waited.Elapsed < TimeSpan.FromSeconds(20); shown = await Hrefs(after))
            await Task.Delay(200);
        Assert.Equal(nearest, shown);
        await page.Locator("#steer").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Shot("steering.png") });
    }

    private static Task<string[]> Hrefs(ILocator tiles) => tiles.EvaluateAllAsync<string[]>("tiles => tiles.map(t => t.getAttribute('href'))");

    public void Dispose() => _app.Dispose();
}
