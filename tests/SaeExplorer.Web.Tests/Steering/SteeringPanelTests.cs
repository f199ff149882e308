using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Testing;
using SaeExplorer.Web.Components.Pages.Images;
using SaeExplorer.Web.Components.Pages.Steering;
using SaeExplorer.Web.Services.Steering;
using SaeExplorer.Web.Tests.Grouping;

namespace SaeExplorer.Web.Tests.Steering;

/// <summary>
/// The image page's Steer section over the seeded signed-axis SAE, rendered by the default retrieval renderer over the
/// six seeded rows, so every nearest image can be worked out by hand. img-2 is [1, 1, 1, 1] (f0..f3 = 1, four groups of
/// one feature). Unsteered, its nearest other rows are img-1 and img-5 (cosine 0.5 each). Setting f2 to 4 moves it to
/// x' = x + W_dec^T (f' - f) = [1, 1, 4, 1], nearest to img-4 = [0, 0, 4, -3] (cos 13 / (sqrt 19 * 5) = 0.60).
/// </summary>
public sealed class SteeringPanelTests : SeededPageTests
{
    /// <summary>The page at its address: ?edits= and ?error= reach it as the router supplies them, from the query.</summary>
    private (BunitContext, IRenderedComponent<ImagePage>) Open(string image, string? edits = null, string? error = null)
    {
        var ctx = Context(Links.WithQuery(Links.Image(SeededWorkspace.Name, image), ("edits", edits), ("error", error)));
        return (ctx, ctx.Render<ImagePage>(p => p.Add(c => c.Workspace, SeededWorkspace.Name).Add(c => c.ImageId, image)));
    }

    private static List<string?> Nearest(IRenderedComponent<ImagePage> page, string pane) =>
        page.FindAll($"#{pane} .render-nearest a.image-tile").Select(a => a.GetAttribute("href")).ToList();

    /// <summary>The address the panel last wrote into the browser's location (saex.replaceAddress).</summary>
    private static string LastAddress(BunitContext ctx) =>
        ctx.JSInterop.Invocations.Where(i => i.Identifier == "saex.replaceAddress").Select(i => (string)i.Arguments[0]!).Last();

    /// <summary>The group card (1-based) whose only member is the feature.</summary>
    private static int GroupOf(IRenderedComponent<ImagePage> page, int feature) =>
        Enumerable.Range(1, 4).Single(g => page.FindAll($"#group-{g} .member-link").Select(a => a.TextContent).SequenceEqual([$"#{feature}"]));

    [Fact]
    public async Task EditsFromTheAddressSteerTheAfterRenderToTheWorkedOutNeighbour()
    {
        var (ctx, page) = Open("img-2", "set:2=4");
        await using var _ = ctx;

        page.WaitForAssertion(() => Assert.Equal("/images/demo/img-4", Nearest(page, "render-after").FirstOrDefault()), Wait);
        page.WaitForAssertion(() => Assert.Equal(["/images/demo/img-1", "/images/demo/img-5"], Nearest(page, "render-before").Take(2).Order()), Wait);
        // The image itself is never among its own nearest images.
        Assert.DoesNotContain("/images/demo/img-2", Nearest(page, "render-after"));
        Assert.Contains("nearest corpus images", page.Find("#render-after .render-caption").TextContent);
        Assert.StartsWith("1 edit · x + W_dec^T (f' − f)", page.Find("#steer-summary").TextContent.Trim());
        Assert.Equal($"= 4", page.Find($"#knob-group-{GroupOf(page, 2)} .knob-value").TextContent.Trim());
        // The steered embedding re-encodes to f2 = 4: the code-change table says so.
        Assert.Contains(page.FindAll("#steer-changes tr"), r => r.TextContent.Contains("#2") && r.TextContent.Contains("1 → 4"));
    }

    [Fact]
    public async Task SettingAKnobRewritesTheAddressAndRendersAgain()
    {
        var (ctx, page) = Open("img-2");
        await using var _ = ctx;
        page.WaitForAssertion(() => Assert.Equal(2, Nearest(page, "render-before").Take(2).Count()), Wait);
        Assert.Empty(Nearest(page, "render-after"));

        var group = GroupOf(page, 2);
        await page.ChangeOn($"#knob-group-{group} .knob-set input", "4");

        page.WaitForAssertion(() => Assert.Equal("/images/demo/img-4", Nearest(page, "render-after").FirstOrDefault()), Wait);
        var address = LastAddress(ctx);
        // The grouping the knobs were turned on is pinned too (k = 4), so the address reopens the same groups.
        Assert.Equal("/images/demo/img-2?kmax=20&restarts=8&tau=10%25&k=4&edits=set:2=4", address);
    }

    [Fact]
    public async Task RemovingTheGroupAndResettingItReturnsToNoEdits()
    {
        var (ctx, page) = Open("img-2");
        await using var _ = ctx;
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("#steer-groups .steer-group")), Wait);
        var group = GroupOf(page, 1);

        await page.ClickOn($"#knob-group-{group} .knob-remove");
        page.WaitForAssertion(() => Assert.Equal("removed", page.Find($"#knob-group-{group} .knob-value").TextContent.Trim()), Wait);
        // Without f1, [1, 0, 1, 1] is nearest img-5 (cos 1 / sqrt 3 = 0.58) ahead of img-0 (0.45).
        page.WaitForAssertion(() => Assert.Equal("/images/demo/img-5", Nearest(page, "render-after").FirstOrDefault()), Wait);

        await page.ClickOn("#steer-reset");
        page.WaitForAssertion(() => Assert.Empty(Nearest(page, "render-after")), Wait);
        Assert.Equal("/images/demo/img-2?kmax=20&restarts=8&tau=10%25&k=4", LastAddress(ctx));
    }

    [Fact]
    public async Task AGroupOpensIntoAKnobPerFeatureStrongestFirst()
    {
        // img-0 = [3, 0, -1, 0.5]: f0 = 3, f6 = 1, f3 = 0.5, all one group at kmax = 1.
        await using var ctx = Context("/images/demo/img-0?kmax=1");
        var page = ctx.Render<ImagePage>(p => p.Add(c => c.Workspace, SeededWorkspace.Name).Add(c => c.ImageId, "img-0"));
        page.WaitForAssertion(() => Assert.Single(page.FindAll("#steer-groups .steer-group")), Wait);
        Assert.Empty(page.FindAll(".steer-feature"));

        await page.ClickOn("#steer-group-1 .steer-expand");

        page.WaitForAssertion(() => Assert.Equal(["steer-feature-0", "steer-feature-6", "steer-feature-3"],
            page.FindAll(".steer-feature").Select(f => f.Id)), Wait);
        Assert.Contains("red things", page.Find("#steer-feature-0").TextContent);
        await page.ChangeOn("#knob-feature-6 .knob-set input", "0");
        page.WaitForAssertion(() => Assert.EndsWith("&k=1&edits=set:6=0", LastAddress(ctx)), Wait);
        Assert.Equal("= 0", page.Find("#knob-feature-6 .knob-value").TextContent.Trim());
    }

    [Fact]
    public async Task ATamperedAddressShowsTheImageUnsteeredWithTheReason()
    {
        var (ctx, page) = Open("img-2", "set:2=<script>alert(1)</script>");
        await using var _ = ctx;

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".steer-problem")), Wait);
        Assert.Contains("is not one of scale:F,..*factor", page.Find(".steer-problem").TextContent);
        Assert.Empty(page.FindAll(".steer-problem script"));
        Assert.StartsWith("Scale, set or remove a group", page.Find("#steer-summary").TextContent.Trim());
    }

    [Fact]
    public async Task AFeatureTheSaeDoesNotHaveIsReportedOnTheSectionOnly()
    {
        var (ctx, page) = Open("img-2", "remove:99");
        await using var _ = ctx;

        page.WaitForAssertion(() => Assert.Contains(page.FindAll(".steer-problem"), p => p.TextContent.Contains("Steering:") && p.TextContent.Contains("99")), Wait);
        // The rest of the page still works: the groups and the before render are there.
        page.WaitForAssertion(() => Assert.NotEmpty(Nearest(page, "render-before")), Wait);
        Assert.Equal(4, page.FindAll("#group-cards .group-card").Count);
    }

    [Fact]
    public async Task ShareGivesAPermalinkThatReopensTheSameState()
    {
        var (ctx, page) = Open("img-2", "set:2=4", SteeringQuery.Pure);
        await using var _ = ctx;
        page.WaitForAssertion(() => Assert.NotEmpty(Nearest(page, "render-after")), Wait);

        await page.ClickOn("#steer-share");
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("#steer-permalink a")), Wait);
        var link = page.Find("#steer-permalink a").GetAttribute("href")!;
        Assert.Matches("^/s/[a-z2-7]{10,32}$", link);

        // Sharing the same state again gives the same content-derived slug.
        await page.ClickOn("#steer-share");
        page.WaitForAssertion(() => Assert.Equal(link, page.Find("#steer-permalink a").GetAttribute("href")), Wait);

        var navigation = ctx.Services.GetRequiredService<NavigationManager>();
        ctx.Render<SteeringPermalinkPage>(p => p.Add(c => c.Slug, link["/s/".Length..]));
        Assert.EndsWith("/images/demo/img-2?kmax=20&restarts=8&tau=10%25&k=4&edits=set:2=4&error=pure", navigation.Uri);
    }

    [Fact]
    public async Task AGroupTakenFromAnotherImageIsAddedAtItsActivationsThere()
    {
        // img-4 = [0, 0, 4, -3]: groups {f2 = 4} (57%) and {f7 = 3} (43%). Adding f7 = 3 to img-2 gives
        // [1, 1, 1, 1] + 3 * (-e3) = [1, 1, 1, -2], nearest img-4 (cos 10 / (sqrt 7 * 5) = 0.76).
        var (ctx, page) = Open("img-2");
        await using var _ = ctx;
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("input#group-adder-input")), Wait);

        await page.ChangeOn("input#group-adder-input", "img-404");
        await page.ClickOn("#group-adder-find");
        page.WaitForAssertion(() => Assert.Contains("has no image 'img-404'", page.Find("#group-adder-problem").TextContent), Wait);

        await page.ChangeOn("input#group-adder-input", "img-4");
        await page.ClickOn("#group-adder-find");
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".group-adder-choice").Count), Wait);
        await page.ClickOn(".group-adder-choice", b => b.TextContent.Contains("group 2"));

        page.WaitForAssertion(() => Assert.Contains("#7 3 from image/img-4/group-2", page.Find(".steer-added").TextContent), Wait);
        page.WaitForAssertion(() => Assert.Equal("/images/demo/img-4", Nearest(page, "render-after").FirstOrDefault()), Wait);
        Assert.EndsWith("&edits=add:7=3@image/img-4/group-2",
            LastAddress(ctx));
    }

    [Fact]
    public async Task AnUnknownSlugIsNotFound()
    {
        await using var ctx = Context("/s/nosuchslug");
        var page = ctx.Render<SteeringPermalinkPage>(p => p.Add(c => c.Slug, "nosuchslug"));
        page.WaitForAssertion(() => Assert.Contains("There is no shared steering state 'nosuchslug'", page.Find("#not-found").TextContent), Wait);
    }
}
