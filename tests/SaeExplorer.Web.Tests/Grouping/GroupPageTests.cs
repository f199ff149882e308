using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Core.Grouping;
using SaeExplorer.Data.Groups;
using SaeExplorer.Testing;
using SaeExplorer.Web.Components.Pages.Compare;
using SaeExplorer.Web.Components.Pages.Groups;
using SaeExplorer.Web.Services.Sae;

namespace SaeExplorer.Web.Tests.Grouping;

/// <summary>Shared groups' permalinks and the comparison of two images, over the seeded workspace.</summary>
public sealed class GroupPageTests : SeededPageTests
{
    /// <summary>Shares group 2 of img-0 at tau 20% ({f6 = 1, f3 = 0.5}, mass 1.5) the way the image page does.</summary>
    private async Task<string> ShareAsync(BunitContext ctx)
    {
        var models = ctx.Services.GetRequiredService<SaeModelCache>();
        var workspace = (await ctx.Services.GetRequiredService<Data.Workspaces.WorkspaceQueries>().FindAsync(SeededWorkspace.Name))!;
        var content = new GroupContent(SeededWorkspace.Name, "img-0", 2, "20%", 20, 8, 1, [3, 6], [0.5f, 1f], workspace.SaeId!.Value,
            models.Fingerprint(workspace));
        return await ctx.Services.GetRequiredService<GroupPermalinkStore>().ShareAsync(workspace.WorkspaceId, content, 1.5, 1.5 / 4.5);
    }

    [Fact]
    public async Task APermalinkShowsTheGroupItsSourceImageAndTheWayBack()
    {
        await using var ctx = Context("/");
        var slug = await ShareAsync(ctx);

        var page = ctx.Render<GroupPage>(p => p.Add(c => c.Slug, slug));
        page.WaitForAssertion(() => Assert.Equal("Group 2 of 2", page.Find("#group-title").TextContent.Trim()), Wait);

        Assert.Equal(["#6", "#3"], page.FindAll(".member-link").Select(a => a.TextContent));
        Assert.StartsWith("2 features · mass 1.5 (33.3% of the image)", page.Find("#group-summary").TextContent.Trim());
        Assert.Equal("/images/demo/img-0?kmax=20&restarts=8&tau=20%25&k=2", page.Find("#group-source-link").GetAttribute("href"));
        Assert.Empty(page.FindAll("#group-stale"));
        // Nearest corpus images to the group's direction are listed, the image it came from (row 0) never among them.
        var nearest = page.FindAll(".group-nearest a.image-tile").Select(a => a.GetAttribute("href")).ToList();
        Assert.NotEmpty(nearest);
        Assert.DoesNotContain("/images/demo/img-0", nearest);
    }

    [Fact]
    public async Task AGroupWhoseSaeWasReplacedSaysSoInsteadOfShowingOtherFeatures()
    {
        await using var ctx = Context("/");
        var slug = await ShareAsync(ctx);
        await using (var db = await Seeded.Factory.CreateDbContextAsync())
            await db.GroupPermalinks.Where(g => g.Slug == slug).ExecuteUpdateAsync(u => u.SetProperty(g => g.SaeFingerprint, "sha256:retrained0000000"));

        var page = ctx.Render<GroupPage>(p => p.Add(c => c.Slug, slug));
        page.WaitForAssertion(() => Assert.Contains("has since been replaced", page.Find("#group-stale").TextContent), Wait);
        Assert.Empty(page.FindAll(".member-link"));
        Assert.Contains("sha256:retrained0000000", page.Find("#group-stale").TextContent);
    }

    [Theory]
    [InlineData("aaaaaaaaaaaaaaaa")]
    [InlineData("../../etc/passwd")]
    [InlineData("<b>x</b>")]
    public async Task AnUnknownOrTamperedSlugIsNotFound(string slug)
    {
        await using var ctx = Context("/");
        var page = ctx.Render<GroupPage>(p => p.Add(c => c.Slug, slug));
        page.WaitForAssertion(() => Assert.Contains("There is no shared group", page.Find("#not-found").TextContent), Wait);
    }

    [Fact]
    public async Task ComparingTwoImagesSharesTheGroupsThatPointTheSameWay()
    {
        // img-0 at 10%: {f0}, {f6}, {f3}; img-2 at 10%: {f0}, {f1}, {f2}, {f3}. Shared: f0 and f3 (same axes, cosine 1);
        // only img-0: f6 (-e2, cosine -1 with f2); only img-2: f1, f2. Features: both f0, f3; only A f6; only B f1, f2.
        await using var ctx = Context("/compare/demo?a=img-0&b=img-2");
        var page = ctx.Render<ComparePage>(p => p.Add(c => c.Workspace, SeededWorkspace.Name));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#compare-summary")), Wait);

        Assert.StartsWith("2 shared groups (centroid cosine at least 0.5), 1 only in A, 2 only in B; 2 features active in both, 1 only in A, 2 only in B.",
            page.Find("#compare-summary").TextContent.Trim());
        Assert.Equal(["#0", "#3"], page.FindAll("#features-both tbody a").Select(a => a.TextContent));
        Assert.Equal(["#6"], page.FindAll("#features-only-a tbody a").Select(a => a.TextContent));
        Assert.Equal(["#1", "#2"], page.FindAll("#features-only-b tbody a").Select(a => a.TextContent));
        Assert.All(page.FindAll("#shared-groups .group-summary-link"), a => Assert.Matches("^/images/demo/img-[02]\\?.*#group-\\d$", a.GetAttribute("href")!));
    }

    [Fact]
    public async Task WithoutASecondImageTheComparePageOffersToPickOne()
    {
        await using var ctx = Context("/compare/demo?a=img-0");
        var page = ctx.Render<ComparePage>(p => p.Add(c => c.Workspace, SeededWorkspace.Name));
        page.WaitForAssertion(() => Assert.StartsWith("A is a red test picture, number 0", page.Find("#compare-pick").TextContent.Trim()), Wait);
        Assert.Contains(page.FindAll("#compare-candidates a"), a => a.GetAttribute("href") == "/compare/demo?a=img-0&b=img-2");
    }
}
