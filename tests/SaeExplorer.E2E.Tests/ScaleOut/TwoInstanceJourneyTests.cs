using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using SaeExplorer.Web.Services.ScaleOut;

namespace SaeExplorer.E2E.Tests.ScaleOut;

/// <summary>
/// Two app instances behind one (imagined) address, sharing a real redis-server: a label written through one shows live
/// on a page served by the other, presence counts people on both, a sign-in made on one works on the other; and when
/// Redis stops, both say live updates are paused, keep saving writes, and catch up without a restart when it is back.
/// </summary>
public sealed class TwoInstanceJourneyTests(TwoInstances instances) : IClassFixture<TwoInstances>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Live = new() { Timeout = 20_000 };

    [Fact]
    public async Task ALabelWrittenOnOneInstanceShowsLiveOnAPageServedByTheOther()
    {
        await using var browser = await BrowserSession.LaunchAsync();
        // ada on instance A; bo signs in on A and reads the page from B: B reads the cookie A made.
        var ada = await browser.SignedInPageAsync(instances.AddressA, "ada", TwoInstances.FeatureUrl(instances.AddressA, 1), 1400, 1000);
        var bo = await browser.SignedInPageAsync(instances.AddressA, "bo", TwoInstances.FeatureUrl(instances.AddressB, 1), 1400, 1000);
        await Assertions.Expect(bo.Locator("#label-new")).ToBeVisibleAsync();
        // The key ring that protects the cookie is in Redis, where every instance reads it.
        Assert.Matches(@"^:[1-9]\d*$", await instances.Redis.CommandAsync($"LLEN {ScaleOutServices.DataProtectionKey}"));

        // Presence across instances: each page names the one on the other instance.
        await Assertions.Expect(ada.Locator("#presence .presence-entry", new() { HasTextString = "bo" })).ToBeVisibleAsync(Live);
        await Assertions.Expect(bo.Locator("#presence .presence-entry", new() { HasTextString = "ada" })).ToBeVisibleAsync(Live);

        await AddLabelAsync(ada, "stripes seen from both servers");
        await Assertions.Expect(bo.Locator(".label-card", new() { HasTextString = "stripes seen from both servers" })).ToBeVisibleAsync(Live);
        await bo.Locator(".label-card", new() { HasTextString = "stripes seen from both servers" }).Locator(".vote-up").ClickAsync();
        await Assertions.Expect(ada.Locator(".label-card", new() { HasTextString = "stripes seen from both servers" }).Locator(".label-votes"))
            .ToHaveTextAsync("1", new() { Timeout = 20_000 });

        // bo leaves B: ada's page on A stops naming him.
        await bo.CloseAsync();
        // Leaving is seen when bo's connection closes, whether or not the browser's disconnect notice arrives.
        await Assertions.Expect(ada.Locator("#presence .presence-entry", new() { HasTextString = "bo" })).ToHaveCountAsync(0, new() { Timeout = 30_000 });
    }

    [Fact]
    public async Task WhenRedisStopsLiveUpdatesPauseWritesAreSavedAndEverythingCatchesUpWhenItIsBack()
    {
        await using var browser = await BrowserSession.LaunchAsync();
        var ada = await browser.SignedInPageAsync(instances.AddressA, "ada", TwoInstances.FeatureUrl(instances.AddressA, 3), 1400, 1000);
        var bo = await browser.SignedInPageAsync(instances.AddressA, "bo", TwoInstances.FeatureUrl(instances.AddressB, 3), 1400, 1000);
        using var http = new HttpClient { BaseAddress = instances.AddressA };
        Assert.Equal(("Healthy", "Healthy"), await HealthAsync(http));

        await instances.Redis.StopAsync();
        try
        {
            // Both instances say so: /healthz (degraded, with the reason, still 200: the instance serves) and every page.
            await Assertions.Expect(bo.Locator("#live-paused")).ToBeVisibleAsync(Live);
            await Assertions.Expect(ada.Locator("#live-paused")).ToContainTextAsync("is unreachable", new() { Timeout = 20_000 });
            var (overall, redis) = await HealthAsync(http);
            Assert.Equal(("Degraded", "Degraded"), (overall, redis));
            Assert.Contains("is unreachable", await RedisReasonAsync(http));

            // A page opened meanwhile still comes alive and says so too.
            var late = await browser.NewPageAsync(1400, 1000);
            await BrowserSession.GotoInteractiveAsync(late, TwoInstances.FeatureUrl(instances.AddressB, 3));
            await Assertions.Expect(late.Locator("#live-paused")).ToBeVisibleAsync(Live);
            await late.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotDirectory, "live-paused.png") });

            // A write goes through (the database has it; the writer's own instance shows it at once).
            await AddLabelAsync(ada, "written while redis was down");
        }
        finally
        {
            await instances.Redis.StartAsync();
        }

        // Back without a restart: the banner goes, bo's page on B catches up on the label, health returns, and the next
        // label travels live again.
        await Assertions.Expect(bo.Locator("#live-paused")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await Assertions.Expect(bo.Locator(".label-card", new() { HasTextString = "written while redis was down" })).ToBeVisibleAsync(Live);
        await WaitAsync(async () => await HealthAsync(http) == ("Healthy", "Healthy"), "health back to Healthy");
        await AddLabelAsync(ada, "written once redis was back");
        await Assertions.Expect(bo.Locator(".label-card", new() { HasTextString = "written once redis was back" })).ToBeVisibleAsync(Live);
    }

    private static async Task AddLabelAsync(IPage page, string text)
    {
        await page.FillAsync("#label-new", text);
        await page.ClickAsync("#label-add");
        await Assertions.Expect(page.Locator(".label-card", new() { HasTextString = text })).ToBeVisibleAsync(Live);
    }

    private static async Task<JsonElement> HealthJsonAsync(HttpClient http)
    {
        var response = await http.GetAsync("/healthz");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}"); // degraded is still 200: the instance serves
        return JsonDocument.Parse(body).RootElement;
    }

    private static async Task<(string Overall, string Redis)> HealthAsync(HttpClient http)
    {
        var health = await HealthJsonAsync(http);
        return (health.GetProperty("status").GetString()!, health.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString()!);
    }

    private static async Task<string> RedisReasonAsync(HttpClient http) =>
        (await HealthJsonAsync(http)).GetProperty("checks").GetProperty("redis").GetProperty("reason").GetString()!;

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{what}: not within 30 s");
            await Task.Delay(250);
        }
    }
}
