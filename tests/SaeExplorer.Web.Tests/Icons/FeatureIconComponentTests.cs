using Bunit;
using SaeExplorer.Testing;
using SaeExplorer.Web.Components.Pages.Features;
using SaeExplorer.Web.Tests.Grouping;

namespace SaeExplorer.Web.Tests.Icons;

/// <summary>Icons on the feature list and the feature page (bunit, seeded database, an icon set written by hand).</summary>
public sealed class FeatureIconComponentTests : SeededPageTests
{
    [Fact]
    public async Task TheFeaturePageShowsTheIconBesideTheTopImagesWithWhatItIs()
    {
        await using var ctx = Context("/");
        await SeededIcons.WriteAsync(ctx.Services);
        var page = ctx.Render<FeaturePage>(p => p.Add(c => c.Workspace, SeededWorkspace.Name).Add(c => c.Index, 0));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#feature-icon img.feature-icon")), TimeSpan.FromSeconds(10));

        var icon = page.Find("#feature-icon img.feature-icon");
        Assert.Equal("/api/workspaces/demo/features/0/icon?size=192", icon.GetAttribute("src"));
        const string Tooltip = "nearest corpus image to the feature's direction on the mean embedding (cos 0.83)";
        Assert.Equal(Tooltip, icon.GetAttribute("title"));
        Assert.Equal(Tooltip, page.Find("#feature-icon-caption").TextContent.Trim());
        Assert.DoesNotContain("generated", page.Find("#feature-icon").TextContent);
        // Side by side: the top images and the icon are the two columns of one row.
        var row = page.Find(".fires-causes");
        Assert.NotNull(row.QuerySelector("#top-images"));
        Assert.NotNull(row.QuerySelector("#feature-icon"));
        Assert.Contains("What it causes", row.TextContent);
    }

    [Theory]
    [InlineData(false)] // the stage has not run
    [InlineData(true)] // it drew icons for another SAE
    public async Task WithoutAnIconThePageSaysSoQuietlyAndShowsNoImage(bool otherSae)
    {
        await using var ctx = Context("/");
        if (otherSae) await SeededIcons.WriteAsync(ctx.Services, sae: "sha256:another-sae");
        var page = ctx.Render<FeaturePage>(p => p.Add(c => c.Workspace, SeededWorkspace.Name).Add(c => c.Index, 0));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#feature-icon .feature-icon-none")), TimeSpan.FromSeconds(10));
        Assert.Empty(page.FindAll("#feature-icon img"));
        Assert.Contains("none yet", page.Find("#feature-icon").TextContent);
    }

    [Fact]
    public async Task TheFeatureListHasAnIconColumn()
    {
        await using var ctx = Context("/");
        await SeededIcons.WriteAsync(ctx.Services);
        var list = ctx.Render<FeatureList>(p => p.Add(c => c.Workspace, SeededWorkspace.Name));
        list.WaitForAssertion(() => Assert.Equal(7, list.FindAll(".feature-row .feature-icon-cell").Count), TimeSpan.FromSeconds(10));

        Assert.Contains("Icon", list.Find(".feature-head").TextContent);
        var cells = list.FindAll(".feature-row").ToDictionary(r => r.QuerySelector(".feature-link")!.TextContent.Trim(), r => r.QuerySelector(".feature-icon-cell")!);
        Assert.Equal("/api/workspaces/demo/features/0/icon?size=56", cells["#0"].QuerySelector("img")!.GetAttribute("src"));
        Assert.Equal("nearest corpus image to the feature's direction on the mean embedding (cos 0.50)", cells["#2"].QuerySelector("img")!.GetAttribute("title"));
        Assert.Null(cells["#1"].QuerySelector("img"));
        Assert.Equal("no icon yet", cells["#1"].TextContent.Trim());
    }
}
