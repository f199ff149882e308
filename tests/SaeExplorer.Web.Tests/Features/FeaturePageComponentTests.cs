using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using SaeExplorer.Data;
using SaeExplorer.Data.Features;
using SaeExplorer.Testing;
using SaeExplorer.Web.Components.Pages.Features;
using SaeExplorer.Web.Services.Features;

namespace SaeExplorer.Web.Tests.Features;

/// <summary>The feature page component (bunit) over the index that first-run preparation built.</summary>
public sealed class FeaturePageComponentTests : IClassFixture<SaexAppFactory>
{
    private readonly SaexAppFactory _app;

    public FeaturePageComponentTests(SaexAppFactory app) => _app = app;

    private async Task<BunitContext> ContextAsync()
    {
        (await _app.ReadyClientAsync()).Dispose();
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.Services.AddMemoryCache();
        ctx.Services.AddSingleton(_app.Services.GetRequiredService<IDbContextFactory<SaexDbContext>>());
        ctx.Services.AddSingleton<FeatureDensityCache>();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        return ctx;
    }

    [Fact]
    public async Task RendersTheStoredTopImagesInOrderWithTheirActivations()
    {
        await using var ctx = await ContextAsync();
        var dbFactory = _app.Services.GetRequiredService<IDbContextFactory<SaexDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        var stored = await db.Features.AsNoTracking().Where(f => f.FiringCount > 1).OrderByDescending(f => f.FiringCount).FirstAsync();
        var detail = (await FeatureQueries.GetAsync(db, stored.SaeId, stored.Feature))!;

        var page = ctx.Render<FeaturePage>(p => p.Add(c => c.Workspace, "demo").Add(c => c.Index, stored.Feature));
        page.WaitForAssertion(() => Assert.Equal($"Feature #{stored.Feature}", page.Find("#feature-title").TextContent.Trim()), TimeSpan.FromSeconds(10));

        var badges = page.FindAll("#top-images .image-activation").Select(b => b.TextContent).ToList();
        Assert.Equal(detail.TopActivations.Select(a => a.ToString("G3")), badges);
        Assert.Equal(detail.NeighbourIds.Length, page.FindAll("#similar-features tbody tr").Count);
        Assert.NotNull(page.Find("#activation-histogram"));
        Assert.Equal(stored.Feature == 0, page.Find("#prev-feature").HasAttribute("disabled"));
    }

    [Fact]
    public async Task AnUnknownFeatureRendersTheNotFoundPanelWithAWayBack()
    {
        await using var ctx = await ContextAsync();
        var page = ctx.Render<FeaturePage>(p => p.Add(c => c.Workspace, "demo").Add(c => c.Index, 1_000_000));
        page.WaitForAssertion(() => Assert.Contains("has no feature #1000000", page.Find("#not-found").TextContent), TimeSpan.FromSeconds(10));
        Assert.Equal("/features/demo", page.Find("#not-found a").GetAttribute("href"));
    }
}
