using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SaeExplorer.Testing;
using SixLabors.ImageSharp;

namespace SaeExplorer.E2E.Tests;

/// <summary>
/// Taking an image apart in a real browser: upload one and see its activation chart, sweep and groups; change tau and
/// watch the chosen k follow; share a group and open its permalink in a fresh browser; compare two demo images.
/// </summary>
public sealed class InspectorJourneyTests : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SaexAppFactory _app = new();

    private static string Shot(string name) => Path.Combine(BrowserSession.ScreenshotDirectory, name);

    /// <summary>The chosen k the page states, from its summary ("k = 4 is chosen: ...").</summary>
    private static async Task<int> ChosenKAsync(IPage page)
    {
        var text = await page.Locator("#grouping-summary").InnerTextAsync();
        return int.Parse(Regex.Match(text, @"k = (\d+) is chosen").Groups[1].Value);
    }

    [Fact]
    public async Task UploadAnImageGroupItChangeTauShareAGroupAndCompare()
    {
        var baseAddress = _app.StartOnKestrel();
        var ws = await _app.WaitForDemoAsync(TimeSpan.FromMinutes(3));
        Assert.Equal(SaeExplorer.Data.Workspaces.WorkspaceState.Ready, ws.State);
        using var api = new HttpClient { BaseAddress = baseAddress };
        await using var browser = await BrowserSession.LaunchAsync();
        var page = await browser.NewPageAsync(1400, 1000);

        // Upload from the gallery's file picker: the upload's own page opens with its chart, sweep and groups.
        var file = Path.Combine(_app.DataDirectory, "my-upload.png");
        using (var image = TinyPack.Draw(77, "stripes")) await image.SaveAsPngAsync(file);
        await BrowserSession.GotoInteractiveAsync(page, new Uri(baseAddress, "/images/demo").ToString());
        await page.Locator(".upload-box input[type=file]").SetInputFilesAsync(file);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/images/demo/u/[0-9a-f]{64}"), new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#activation-chart .js-plotly-plot")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#sweep-chart .js-plotly-plot")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#group-cards .group-card").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#activation-chart g.point").First).ToBeAttachedAsync(); // Plotly drew bars, not an empty frame
        await Assertions.Expect(page.Locator("#sweep-chart g.scatterlayer .point").First).ToBeAttachedAsync();
        await page.ScreenshotAsync(new() { Path = Shot("image-upload.png"), FullPage = true });
        var hash = Regex.Match(page.Url, "/u/([0-9a-f]{64})").Groups[1].Value;

        // Tau from the controls: the page's chosen k is the API's for the same tau, and it moves between two taus.
        var chosen = new Dictionary<string, int>();
        foreach (var tau in new[] { "50%", "2%" })
        {
            await BrowserSession.GotoInteractiveAsync(page, new Uri(baseAddress, $"/images/demo/u/{hash}").ToString());
            await page.FillAsync("#control-tau-custom", tau);
            await page.ClickAsync("#control-apply");
            await Assertions.Expect(page).ToHaveURLAsync(new Regex($"tau={Uri.EscapeDataString(tau)}"));
            await Assertions.Expect(page.Locator("#grouping-summary")).ToContainTextAsync($"tau = {tau}");
            chosen[tau] = await ChosenKAsync(page);
            var expected = await api.GetFromJsonAsync<JsonElement>($"/api/workspaces/demo/images/u/{hash}/groups?tau={Uri.EscapeDataString(tau)}", Json);
            Assert.Equal(expected.GetProperty("chosenK").GetInt32(), chosen[tau]);
            Assert.Equal(chosen[tau], await page.Locator("#group-cards .group-card").CountAsync());
        }
        Assert.True(chosen["50%"] <= 2, $"at 50% every group holds half the mass: at most 2 groups, saw {chosen["50%"]}");
        Assert.True(chosen["2%"] > chosen["50%"], $"a lower tau allows more groups: {chosen["2%"]} at 2%, {chosen["50%"]} at 50%");

        // Share the first group; a fresh browser (new context, no state) opens the same group from the permalink.
        var members = await page.Locator("#group-1 .member-link").AllInnerTextsAsync();
        await page.ClickAsync("#group-1 .group-share");
        var permalink = await page.Locator("#group-1 .group-permalink a").GetAttributeAsync("href");
        Assert.Matches("^/g/[a-z2-7]{16}$", permalink);
        var fresh = await browser.NewPageAsync(1400, 1000);
        await BrowserSession.GotoInteractiveAsync(fresh, new Uri(baseAddress, permalink!).ToString());
        await Assertions.Expect(fresh.Locator("#group-title")).ToHaveTextAsync(new Regex("^Group 1 of \\d+$"));
        // The permalink lists every member; the card listed the strongest ones, in the same order.
        Assert.Equal(members, (await fresh.Locator(".member-link").AllInnerTextsAsync()).Take(members.Count));
        await fresh.ScreenshotAsync(new() { Path = Shot("group-permalink.png"), FullPage = true });
        await fresh.ClickAsync("#group-source-link");
        await Assertions.Expect(fresh).ToHaveURLAsync(new Regex($"/images/demo/u/{hash}\\?kmax=20&restarts=8&tau=2%25&k=\\d+"));

        // Compare two demo images side by side.
        await BrowserSession.GotoInteractiveAsync(page, new Uri(baseAddress, "/compare/demo?a=00001&b=00005").ToString());
        await Assertions.Expect(page.Locator("#compare-summary")).ToContainTextAsync(new Regex(@"\d+ shared groups? \(centroid cosine"));
        await Assertions.Expect(page.Locator("#compare-a img")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#compare-b img")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Shot("compare.png"), FullPage = true });
    }

    public void Dispose() => _app.Dispose();
}
