using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Testing;
using SaeExplorer.Web.Components.Pages.Images;

namespace SaeExplorer.Web.Tests.Grouping;

/// <summary>
/// The image page over the seeded signed-axis SAE, whose decoder directions are orthogonal axes, so the groups can be
/// worked out by hand: row 2 ([1, 1, 1, 1]) has four features of activation 1 in four directions; row 0 has
/// f0 = 3, f6 = 1 and f3 = 0.5 (total 4.5).
/// </summary>
public sealed class ImagePageTests : SeededPageTests
{
    private static IRenderedComponent<ImagePage> Render(BunitContext ctx, string image) =>
        ctx.Render<ImagePage>(p => p.Add(c => c.Workspace, SeededWorkspace.Name).Add(c => c.ImageId, image));

    private static List<string> Masses(IRenderedComponent<ImagePage> page) =>
        page.FindAll("#group-cards .group-mass").Select(m => m.TextContent.Trim()).ToList();

    [Fact]
    public async Task FourOrthogonalFeaturesOfEqualActivationAreFourGroupsOfAQuarterEach()
    {
        await using var ctx = Context("/images/demo/img-2");
        var page = Render(ctx, "img-2");
        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("#group-cards .group-card").Count), Wait);

        Assert.Equal("4 features active · total activation mass 4 · bars coloured by their group at k = 4; click one to open the feature",
            page.Find("#active-summary").TextContent.Trim());
        Assert.All(Masses(page), m => Assert.Equal("25.0% · mass 1", m));
        Assert.StartsWith("k = 4 is chosen: the largest k whose every group holds at least tau = 10%", page.Find("#grouping-summary").TextContent.Trim());
        Assert.NotNull(page.Find("#activation-chart"));
        Assert.NotNull(page.Find("#sweep-chart"));
        Assert.NotNull(page.Find("#membership-chart"));
    }

    [Fact]
    public async Task TauInTheAddressMovesTheChosenK()
    {
        // At 20% of 4.5 (0.9): k = 3 leaves f3 (0.5) alone and fails; k = 2 gives {f0} = 3 and {f6, f3} = 1.5 and passes.
        await using var ctx = Context("/images/demo/img-0?tau=20%25");
        var page = Render(ctx, "img-0");
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("#group-cards .group-card").Count), Wait);
        Assert.Equal(["66.7% · mass 3", "33.3% · mass 1.5"], Masses(page));
        Assert.Equal(["#0"], page.FindAll("#group-1 .member-link").Select(a => a.TextContent));
        Assert.Equal(["#6", "#3"], page.FindAll("#group-2 .member-link").Select(a => a.TextContent));

        // At the default 10% (0.45), k = 3 passes: every feature is its own group.
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo("/images/demo/img-0");
        page.Render();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("#group-cards .group-card").Count), Wait);
    }

    [Fact]
    public async Task AKFromTheAddressShowsThatGroupingAndTheChosenKIsStillSaid()
    {
        await using var ctx = Context("/images/demo/img-0?k=1");
        var page = Render(ctx, "img-0");
        page.WaitForAssertion(() => Assert.Single(page.FindAll("#group-cards .group-card")), Wait);
        Assert.StartsWith("Showing k = 1; the chosen k is 3", page.Find("#grouping-summary").TextContent.Trim());
        Assert.Equal(["100.0% · mass 4.5"], Masses(page));
    }

    [Theory]
    [InlineData("k=0", "k = 0 is outside 1..20; showing the chosen k.")]
    [InlineData("k=10000", "k = 10000 is outside 1..20; showing the chosen k.")]
    [InlineData("kmax=10000", "kmax = 10000 is outside 1..50; using 20.")]
    [InlineData("restarts=many", "restarts 'many' is not a whole number; using 8.")]
    [InlineData("tau=-1", "tau '-1' is not a finite number >= 0")]
    [InlineData("tau=NaN", "tau 'NaN' is not a finite number >= 0")]
    [InlineData("k=7", "k = 7 is more than this image's largest k (3")]
    public async Task TamperedQueryValuesAreRefusedWithAMessageAndTheDefaultsShown(string query, string message)
    {
        await using var ctx = Context($"/images/demo/img-0?{query}");
        var page = Render(ctx, "img-0");
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("#group-cards .group-card").Count), Wait);
        Assert.Contains(page.FindAll(".grouping-problem"), p => p.TextContent.Contains(message));
    }

    [Fact]
    public async Task SharingAGroupGivesOnePermalinkPerGroupTheSameOnEveryShare()
    {
        await using var ctx = Context("/images/demo/img-0?tau=20%25");
        var page = Render(ctx, "img-0");
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("#group-cards .group-card").Count), Wait);

        await page.ClickOn("#group-2 .group-share");
        var link = page.WaitForElement("#group-2 .group-permalink a", Wait).GetAttribute("href")!;
        Assert.Matches("^/g/[a-z2-7]{16}$", link);
        await page.ClickOn("#group-2 .group-share");
        Assert.Equal(link, page.Find("#group-2 .group-permalink a").GetAttribute("href"));

        await using var db = await Seeded.Factory.CreateDbContextAsync();
        var shared = await db.GroupPermalinks.SingleAsync();
        Assert.Equal(("img-0", 2, "20%", 1, 1.5), (shared.Source, shared.K, shared.Tau, shared.GroupIndex, shared.Mass));
        Assert.Equal(link, $"/g/{shared.Slug}");
    }

    [Fact]
    public async Task AnUploadAddressThatIsNoUploadAndAnUnknownImageAreNotFound()
    {
        await using var ctx = Context("/images/demo/u/" + new string('a', 64));
        var upload = ctx.Render<ImagePage>(p => p.Add(c => c.Workspace, SeededWorkspace.Name).Add(c => c.Hash, new string('a', 64)));
        upload.WaitForAssertion(() => Assert.Contains($"has no image 'u/{new string('a', 64)}'", upload.Find("#not-found").TextContent), Wait);
        var unknown = Render(ctx, "no-such");
        unknown.WaitForAssertion(() => Assert.Contains("has no image 'no-such'", unknown.Find("#not-found").TextContent), Wait);
    }

    [Fact]
    public async Task AnImageTheEncoderSkippedSaysWhy()
    {
        await using var ctx = Context($"/images/demo/{SeededWorkspace.SkippedImage}");
        var page = Render(ctx, SeededWorkspace.SkippedImage);
        page.WaitForAssertion(() => Assert.Equal("This image was not encoded: not an image.", page.Find("#active-problem").TextContent.Trim()), Wait);
        Assert.Empty(page.FindAll("#group-cards"));
    }
}
