using Bunit;
using SaeExplorer.Testing;
using SaeExplorer.Web.Components.Pages.Features;

namespace SaeExplorer.Web.Tests.Features;

/// <summary>The feature page component (bunit) over a hand-seeded database: no encoder, no training, no index stage.</summary>
public sealed class FeaturePageComponentTests : Grouping.SeededPageTests
{
    private BunitContext Context() => Context("/features/demo");

    [Fact]
    public async Task RendersTheStoredTopImagesInOrderWithTheirActivations()
    {
        await using var ctx = Context();

        // Feature 0 is relu(x_0): rows 0, 2 and 5 give 3, 1 and 0.25.
        var page = ctx.Render<FeaturePage>(p => p.Add(c => c.Workspace, SeededWorkspace.Name).Add(c => c.Index, 0));
        page.WaitForAssertion(() => Assert.Equal("Feature #0", page.Find("#feature-title").TextContent.Trim()), TimeSpan.FromSeconds(10));

        Assert.Equal(["3", "1", "0.25"], page.FindAll("#top-images .image-activation").Select(b => b.TextContent));
        Assert.Equal(["/images/demo/img-0", "/images/demo/img-2", "/images/demo/img-5"],
            page.FindAll("#top-images a.image-tile").Select(a => a.GetAttribute("href")));
        Assert.Equal("red things", page.Find("#feature-label").TextContent.Trim());
        var similar = Assert.Single(page.FindAll("#similar-features tbody tr"));
        Assert.Contains("#4", similar.TextContent);
        Assert.Contains("-1.000", similar.TextContent);
        Assert.NotNull(page.Find("#activation-histogram"));
        Assert.True(page.Find("#prev-feature").HasAttribute("disabled"));
        Assert.Equal("/features/demo/1", page.Find("#next-feature").GetAttribute("href"));
    }

    [Fact]
    public async Task AFeatureThatNeverFiresSaysSo()
    {
        await using var ctx = Context();
        var page = ctx.Render<FeaturePage>(p => p.Add(c => c.Workspace, SeededWorkspace.Name).Add(c => c.Index, 5));
        page.WaitForAssertion(() => Assert.Contains("never fires", page.Markup), TimeSpan.FromSeconds(10));
        Assert.Empty(page.FindAll("#top-images .image-tile"));
        Assert.Equal("dead", page.Find("#feature-stats .stat-value").TextContent.Trim());
    }

    [Fact]
    public async Task AnUnknownFeatureRendersTheNotFoundPanelWithAWayBack()
    {
        await using var ctx = Context();
        var page = ctx.Render<FeaturePage>(p => p.Add(c => c.Workspace, SeededWorkspace.Name).Add(c => c.Index, 1_000_000));
        page.WaitForAssertion(() => Assert.Contains("has no feature #1000000: its SAE has features 0 to 7", page.Find("#not-found").TextContent),
            TimeSpan.FromSeconds(10));
        Assert.Equal("/features/demo", page.Find("#not-found a").GetAttribute("href"));
    }
}
