using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using SaeExplorer.Data.Corpus;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Testing;
using SaeExplorer.Web.Components.Pages.Images;

namespace SaeExplorer.Web.Tests.Images;

/// <summary>The Images page (bunit): browse, caption search from the URL and the box, paging, empty and not-found states.</summary>
public sealed class ImageGalleryComponentTests : IClassFixture<CaptionedCorpusApp>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly CaptionedCorpusApp _app;

    public ImageGalleryComponentTests(CaptionedCorpusApp app) => _app = app;

    private async Task<BunitContext> ContextAsync(string uri)
    {
        await _app.SeededAsync();
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.Services.AddSingleton(_app.Services.GetRequiredService<WorkspaceQueries>());
        ctx.Services.AddSingleton(_app.Services.GetRequiredService<ImageQueries>());
        // The upload box shows once the workspace's SAE is trained, which on a fast machine happens before the page renders.
        ctx.Services.AddSingleton(_app.Services.GetRequiredService<SaeExplorer.Web.Services.Uploads.UploadService>());
        ctx.Services.AddScoped<SaeExplorer.Web.Services.Pages.NotFoundReason>();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo(uri);
        return ctx;
    }

    private static IRenderedComponent<ImageGallery> Render(BunitContext ctx, string workspace = UrlCorpusApp.Workspace) =>
        ctx.Render<ImageGallery>(p => p.Add(c => c.Workspace, workspace));

    private static List<string> Captions(IRenderedComponent<ImageGallery> page) =>
        page.FindAll("#image-grid .image-caption").Select(c => c.TextContent).ToList();

    [Fact]
    public async Task AQueryInTheUrlShowsTheMatchingImagesWithTheirCaptions()
    {
        await using var ctx = await ContextAsync("/images/web?q=dogs");
        var page = Render(ctx);
        page.WaitForAssertion(() => Assert.Equal("2 images", page.Find("#image-count").TextContent), Wait);
        Assert.Equal(["a brown dog on a beach", "two dogs playing <b>fetch</b>"], Captions(page));
        Assert.Empty(page.FindAll("#image-grid b"));
        Assert.Equal("dogs", page.Find("input#image-search").GetAttribute("value"));
        Assert.Empty(page.FindAll("#image-pages"));
    }

    [Fact]
    public async Task TypingSearchesAndKeepsTheQueryInTheUrl()
    {
        await using var ctx = await ContextAsync("/images/web");
        var page = Render(ctx);
        page.WaitForAssertion(() => Assert.Equal($"{CaptionedCorpusApp.Fillers + 3} images", page.Find("#image-count").TextContent), Wait);

        await page.InputOn("input#image-search", "cat");
        var navigation = ctx.Services.GetRequiredService<NavigationManager>();
        page.WaitForAssertion(() => Assert.EndsWith("/images/web?q=cat", navigation.Uri), Wait);
        page.WaitForAssertion(() => Assert.Equal(["a cat asleep on a sofa"], Captions(page)), Wait);
    }

    [Fact]
    public async Task AnEmptyQueryBrowsesEveryImagePageByPage()
    {
        await using var ctx = await ContextAsync("/images/web");
        var page = Render(ctx);
        page.WaitForAssertion(() => Assert.Equal(ImageGallery.PageSize, Captions(page).Count), Wait);
        Assert.Equal("a brown dog on a beach", Captions(page)[0]);
        Assert.NotNull(page.Find("#image-pages"));

        await using var second = await ContextAsync("/images/web?page=2");
        var next = Render(second);
        next.WaitForAssertion(() => Assert.Equal(CaptionedCorpusApp.Fillers + 3 - ImageGallery.PageSize, Captions(next).Count), Wait);
        Assert.Equal($"filler picture {CaptionedCorpusApp.Fillers - 1}", Captions(next)[^1]);
    }

    [Theory]
    [InlineData("zebra", "No captions match “zebra”.")]
    [InlineData("NEAR(\"", "No captions match “NEAR(\"”.")]
    public async Task NoMatchesSaySo(string query, string message)
    {
        await using var ctx = await ContextAsync($"/images/web?q={Uri.EscapeDataString(query)}");
        var page = Render(ctx);
        page.WaitForAssertion(() => Assert.Equal(message, page.Find("#image-empty").TextContent.Trim()), Wait);
        Assert.Equal("0 images", page.Find("#image-count").TextContent);
        Assert.Empty(page.FindAll("#image-grid"));
    }

    [Fact]
    public async Task AnUnknownWorkspaceIsAFriendlyNotFound()
    {
        await using var ctx = await ContextAsync("/images/nope");
        var page = Render(ctx, "nope");
        page.WaitForAssertion(() => Assert.Contains("There is no workspace named 'nope'.", page.Find("#not-found").TextContent), Wait);
    }
}
