using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using SaeExplorer.Core.Rendering.Icons;
using SaeExplorer.Core.Steering;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Testing;
using SaeExplorer.Web.Components.Pages.Features;
using SaeExplorer.Web.Services.Icons;
using SaeExplorer.Web.Services.Sae;

namespace SaeExplorer.Web.Tests.Icons;

/// <summary>Icons on the feature list and the feature page (bunit, seeded database, an icon set written by hand).</summary>
public sealed class FeatureIconComponentTests : IAsyncLifetime
{
    private SeededWorkspace _seeded = null!;

    public async Task InitializeAsync() => _seeded = await SeededWorkspace.CreateAsync();

    public Task DisposeAsync()
    {
        _seeded.Dispose();
        return Task.CompletedTask;
    }

    private BunitContext Context()
    {
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        _seeded.AddTo(ctx.Services);
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        return ctx;
    }

    /// <summary>Icons for features 0 (img-5, cos 0.83) and 2 (img-4, cos 0.5), drawn for the seeded SAE (or another).</summary>
    private async Task WriteIconsAsync(BunitContext ctx, string? sae = null)
    {
        var workspace = (await ctx.Services.GetRequiredService<WorkspaceQueries>().FindAsync(SeededWorkspace.Name))!;
        var icons = ctx.Services.GetRequiredService<FeatureIcons>();
        icons.Folder(SeededWorkspace.Name).Save(new FeatureIconSet
        {
            Renderer = "retrieval", Source = "embeddings.npy", Parameters = new RenderParameters { Top = 1 },
            Sae = sae ?? ctx.Services.GetRequiredService<SaeModelCache>().Fingerprint(workspace),
            Icons = [new FeatureIcon(0, 3f, Row: 5, Cosine: 0.83f), new FeatureIcon(2, 4f, Row: 4, Cosine: 0.5f)],
        });
    }

    [Fact]
    public async Task TheFeaturePageShowsTheIconBesideTheTopImagesWithWhatItIs()
    {
        await using var ctx = Context();
        await WriteIconsAsync(ctx);
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
        await using var ctx = Context();
        if (otherSae) await WriteIconsAsync(ctx, sae: "sha256:another-sae");
        var page = ctx.Render<FeaturePage>(p => p.Add(c => c.Workspace, SeededWorkspace.Name).Add(c => c.Index, 0));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#feature-icon .feature-icon-none")), TimeSpan.FromSeconds(10));
        Assert.Empty(page.FindAll("#feature-icon img"));
        Assert.Contains("none yet", page.Find("#feature-icon").TextContent);
    }

    [Fact]
    public async Task TheFeatureListHasAnIconColumn()
    {
        await using var ctx = Context();
        await WriteIconsAsync(ctx);
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
