using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SaeExplorer.Testing;

namespace SaeExplorer.E2E.Tests;

/// <summary>A researcher's path: home, the feature list (search, sort), a feature page with its images and Plotly histogram, an image.</summary>
public sealed class FeatureJourneyTests : IDisposable
{
    private readonly SaexAppFactory _app = new();

    [Fact]
    public async Task BrowseSortSearchAndOpenAFeature()
    {
        var baseAddress = _app.StartOnKestrel();
        await _app.WaitForDemoAsync(TimeSpan.FromMinutes(3));
        await using var browser = await BrowserSession.LaunchAsync();
        var page = await browser.NewPageAsync(1400, 900);

        await BrowserSession.GotoInteractiveAsync(page, baseAddress.ToString());
        await page.ClickAsync("#browse-features");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/features/demo$"));
        await Assertions.Expect(page.Locator(".feature-row").First).ToBeVisibleAsync();

        // Sort by max activation (a numeric column sorts strongest first): rows come in falling order.
        await page.ClickAsync("button[data-sort='MaxActivation']");
        await Assertions.Expect(page.Locator("button[data-sort='MaxActivation'] svg")).ToBeVisibleAsync();
        var maxima = await ColumnAsync(page, 2);
        for (var i = 0; i < 50 && !maxima.SequenceEqual(maxima.OrderByDescending(m => m)); i++)
        {
            await Task.Delay(100); // the list refreshes over the circuit
            maxima = await ColumnAsync(page, 2);
        }
        Assert.Equal(maxima.OrderByDescending(m => m), maxima);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotDirectory, "features.png") });

        // Search by feature number narrows the list to that feature (the strongest one, so it is alive whatever the
        // training made of the others).
        var strongest = int.Parse((await page.Locator(".feature-row a.feature-link").First.InnerTextAsync()).TrimStart('#'));
        await page.FillAsync("#feature-search", $"#{strongest}");
        await Assertions.Expect(page.Locator("#feature-count")).ToHaveTextAsync("1 matching alive feature (fire on the corpus) of 1,024");

        await page.ClickAsync(".feature-row a.feature-link");
        await Assertions.Expect(page.Locator("#feature-title")).ToHaveTextAsync($"Feature #{strongest}");
        // Plotly loads its 1.1 MB script on first use: allow for a slow, shared machine.
        await Assertions.Expect(page.Locator("#activation-histogram .js-plotly-plot")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotDirectory, "feature.png"), FullPage = true });

        // Keyboard: → steps to the next feature.
        await page.Keyboard.PressAsync("ArrowRight");
        await Assertions.Expect(page.Locator("#feature-title")).ToHaveTextAsync($"Feature #{strongest + 1}");
        // Its charts follow (the page stayed open): they plot what a fresh load of that feature plots.
        var fresh = await browser.NewPageAsync(1400, 900);
        await BrowserSession.GotoInteractiveAsync(fresh, page.Url);
        var expected = "";
        for (var i = 0; i < 300 && expected == ""; i++, await Task.Delay(100)) expected = await PlottedAsync(fresh);
        Assert.NotEqual("", expected);
        for (var i = 0; i < 50 && await PlottedAsync(page) != expected; i++) await Task.Delay(100);
        Assert.Equal(expected, await PlottedAsync(page));

        var tiles = page.Locator("#top-images .image-tile");
        if (await tiles.CountAsync() > 0)
        {
            await tiles.First.ClickAsync();
            // The image's active features as a drawn Plotly bar chart, not an empty frame.
            await Assertions.Expect(page.Locator("#active-summary")).ToContainTextAsync("features active");
            await Assertions.Expect(page.Locator("#activation-chart .bars .point").First).ToBeVisibleAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotDirectory, "image.png"), FullPage = true });
        }
    }

    /// <summary>The counts both histograms of a feature page plot ("" until they are drawn).</summary>
    private static async Task<string> PlottedAsync(IPage page) => await page.EvaluateAsync<string>(
        "() => ['#activation-histogram', '#density-histogram'].map(id => document.querySelector(id + ' .js-plotly-plot')?.data?.[0]?.y ?? null)" +
        ".every(y => y) ? JSON.stringify(['#activation-histogram', '#density-histogram'].map(id => document.querySelector(id + ' .js-plotly-plot').data.map(t => [t.x, t.y]))) : ''");

    /// <summary>The visible rows' values in one numeric column (0: top label score, 1: frequency, 2: max, 3: mean).</summary>
    private static async Task<List<float>> ColumnAsync(IPage page, int column) =>
        (await page.Locator(".feature-row").EvaluateAllAsync<string[]>($"rows => rows.map(r => r.querySelectorAll('.num')[{column}]?.innerText ?? '')"))
        .Where(t => t.Length > 0).Select(t => float.Parse(t, System.Globalization.CultureInfo.InvariantCulture)).ToList();

    public void Dispose() => _app.Dispose();
}
