using Bunit;
using MudBlazor.Services;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Tests.Encoders.Text;
using SaeExplorer.Testing;
using SaeExplorer.Web.Components.Pages.Search;

namespace SaeExplorer.Web.Tests.Search;

/// <summary>
/// The search's "features by text" section (bUnit) over the seeded workspace: its SAE's features are the signed axes
/// (f0 = +x0 "red things", f1 = +x1 unlabelled, ..., f4 = -x0), and the stand-in text tower puts "dog" on x0 and "cat"
/// on x1, so with a CLIP space recorded "cat" finds the unlabelled feature #1.
/// </summary>
public sealed class TextMatchesSectionTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private SeededWorkspace _clip = null!;
    private SeededWorkspace _resnet = null!;

    public async Task InitializeAsync()
    {
        _clip = await SeededWorkspace.CreateAsync(new EmbeddingSpace("clip-vit-bigg-14", "model.onnx", SeededWorkspace.DIn));
        _resnet = await SeededWorkspace.CreateAsync();
    }

    public Task DisposeAsync()
    {
        _clip.Dispose();
        _resnet.Dispose();
        return Task.CompletedTask;
    }

    /// <param name="textModel">Encoder:TextModelPath; null: none configured.</param>
    private static BunitContext Context(SeededWorkspace seeded, string? textModel)
    {
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        seeded.AddTo(ctx.Services, new Dictionary<string, string?> { [$"{EncoderOptions.Section}:{nameof(EncoderOptions.TextModelPath)}"] = textModel });
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        return ctx;
    }

    [Fact]
    public async Task ATextQueryFindsTheFeaturesAlongItsDirectionLabelledOrNot()
    {
        await using var ctx = Context(_clip, TextTowerFixture.File("text.onnx"));

        var section = ctx.Render<TextMatchesSection>(p => p.Add(c => c.Query, "a cat"));
        section.WaitForAssertion(() => Assert.NotEmpty(section.FindAll(".text-match")), Wait);

        // Only f1 = +x1 points the query's way: the others are at 90 degrees (cosine 0) or opposite (f5 = -x1)
        var match = Assert.Single(section.FindAll(".text-match"));
        Assert.Equal("/features/demo/1", match.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("unlabelled", match.QuerySelector(".text-match-label")!.TextContent);
        Assert.Equal("1.000", match.QuerySelector(".text-match-cosine")!.TextContent);
        Assert.Equal(["/images/demo/img-1", "/images/demo/img-2"], match.QuerySelectorAll("a.image-tile").Select(a => a.GetAttribute("href"))); // its top images

        section.Render(p => p.Add(c => c.Query, "Dogs!"));
        section.WaitForAssertion(() => Assert.Equal("/features/demo/0", section.Find(".text-match a").GetAttribute("href")), Wait);
        Assert.Equal("red things", section.Find(".text-match-label").TextContent);
        Assert.Empty(section.FindAll("#text-search-off, .text-search-off"));
    }

    [Fact]
    public async Task WithoutATextTowerItSaysWhichSettingIsMissing()
    {
        await using var ctx = Context(_clip, null);

        var section = ctx.Render<TextMatchesSection>(p => p.Add(c => c.Query, "cat"));
        section.WaitForAssertion(() => Assert.Equal(
            "Text search of features is off: no CLIP text tower configured (Encoder:TextModelPath).",
            section.Find("#text-search-off").TextContent.Trim()), Wait);
        Assert.Empty(section.FindAll(".text-match"));
    }

    [Fact]
    public async Task AWorkspaceOfOtherEmbeddingsSaysTheyAreNotClip()
    {
        await using var ctx = Context(_resnet, TextTowerFixture.File("text.onnx"));

        var section = ctx.Render<TextMatchesSection>(p => p.Add(c => c.Query, "cat"));
        section.WaitForAssertion(() => Assert.Equal(
            "Text search is off here: this workspace's embeddings are not CLIP (resnet18 · ResNet18.onnx · 4-d).",
            section.Find("[data-workspace='demo'] .text-search-off").TextContent.Trim()), Wait);
    }

    [Fact]
    public async Task AMissingModelFileIsNamedWithItsKey()
    {
        var missing = Path.Combine(_clip.Directory, "models", "text.onnx");
        await using var ctx = Context(_clip, missing);

        var section = ctx.Render<TextMatchesSection>(p => p.Add(c => c.Query, "cat"));
        section.WaitForAssertion(() => Assert.Contains(
            $"CLIP text tower not found: '{missing}'. Set Encoder:TextModelPath", section.Find(".text-search-off").TextContent), Wait);
    }

    [Fact]
    public async Task NoQueryShowsNothing()
    {
        await using var ctx = Context(_clip, TextTowerFixture.File("text.onnx"));
        var section = ctx.Render<TextMatchesSection>(p => p.Add(c => c.Query, " "));
        Assert.Empty(section.FindAll("#text-matches"));
    }
}
