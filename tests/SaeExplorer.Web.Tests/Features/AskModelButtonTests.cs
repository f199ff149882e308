using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Core.Corpus;
using SaeExplorer.Core.Labeling.Vision;
using SaeExplorer.Core.Tests.Labeling.Vision;
using SaeExplorer.Data.Accounts;
using SaeExplorer.Data.Labels;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Testing;
using SaeExplorer.Web.Components.Pages.Features;
using SaeExplorer.Web.Services.Autointerp;
using SaeExplorer.Web.Tests.Grouping;
using SixLabors.ImageSharp;

namespace SaeExplorer.Web.Tests.Features;

/// <summary>
/// "Ask the model" on the feature page (bUnit) over the seeded workspace, given its manifest and pictures: shown to a
/// labeller only; while the stand-in model thinks the page shows the ask running and stays usable; the answer becomes
/// the feature's autointerp:vision label, scored.
/// </summary>
public sealed class AskModelButtonTests : SeededPageTests
{
    private async Task<WorkspaceContext> ContextAsync(BunitContext ctx) =>
        (await ctx.Services.GetRequiredService<WorkspaceQueries>().FindAsync(SeededWorkspace.Name))!;

    /// <summary>The seeded corpus's manifest.csv and JPEGs, which the vision labeller scores and shows.</summary>
    private void WriteCorpus()
    {
        var entries = Enumerable.Range(0, SeededWorkspace.Rows.Length)
            .Select(r => new ManifestEntry($"img-{r}", $"images/img-{r}.jpg", SeededWorkspace.Categories[r], null, SeededWorkspace.Caption(r))).ToArray();
        CorpusManifest.Write(Path.Combine(Seeded.Directory, CorpusManifest.FileName), entries);
        Directory.CreateDirectory(Path.Combine(Seeded.Directory, "images"));
        for (var r = 0; r < entries.Length; r++)
        {
            using var image = TinyPack.Draw(r, SeededWorkspace.Categories[r]);
            image.SaveAsJpeg(Path.Combine(Seeded.Directory, entries[r].File));
        }
    }

    private static void Configure(BunitContext ctx, string? endpoint)
    {
        ctx.Services.AddSingleton(new VisionLabelOptions { Endpoint = endpoint, Model = endpoint is null ? null : "qwen2-vl-stand-in", MaxRetries = 0 });
    }

    [Fact]
    public async Task ViewersAndVisitorsSeeNoButton()
    {
        foreach (var (name, roles) in new[] { ((string?)"vera", Array.Empty<string>()), (null, []) })
        {
            var (ctx, _) = await SignedInAsync(name, roles);
            await using var _ = ctx;
            Configure(ctx, "http://127.0.0.1:9/v1");
            var context = await ContextAsync(ctx);
            var button = ctx.Render<AskModelButton>(p => p.Add(c => c.Context, context).Add(c => c.Feature, 0));
            Assert.Empty(button.FindAll("#ask-model"));
        }
    }

    [Fact]
    public async Task WithoutAnEndpointALabellerIsToldWhichSettingIsMissing()
    {
        var (ctx, _) = await SignedInAsync("lara", SaexRoles.Labeller);
        await using var _ = ctx;
        Configure(ctx, null);
        var context = await ContextAsync(ctx);

        var button = ctx.Render<AskModelButton>(p => p.Add(c => c.Context, context).Add(c => c.Feature, 0));

        button.WaitForAssertion(() => Assert.True(button.Find("#ask-model-button").HasAttribute("disabled")), Wait);
        Assert.Equal("no vision model configured (Autointerp:Vision:Endpoint)", button.Find("#ask-model-off").TextContent);
    }

    [Fact]
    public async Task ALabellersAskRunsInTheBackgroundShowsProgressAndWritesTheScoredLabel()
    {
        WriteCorpus();
        var thinking = new ManualResetEventSlim();
        await using var server = await ChatStandIn.StartAsync(_ =>
        {
            thinking.Wait(TimeSpan.FromSeconds(30)); // the model thinks until the test lets it answer
            return new StandInReply.Text("Red things.");
        });
        var (ctx, _) = await SignedInAsync("lara", SaexRoles.Labeller);
        await using var _ = ctx;
        Configure(ctx, server.Endpoint);
        var context = await ContextAsync(ctx);
        var button = ctx.Render<AskModelButton>(p => p.Add(c => c.Context, context).Add(c => c.Feature, 0));
        button.WaitForAssertion(() => Assert.NotNull(button.Find("#ask-model-button")), Wait);

        await button.ClickOn("#ask-model-button"); // returns while the model is still thinking: the circuit is never held

        button.WaitForAssertion(() => Assert.Equal("asking qwen2-vl-stand-in about its top images…", button.Find("#ask-model-status").TextContent), Wait);
        Assert.NotNull(button.Find("#ask-model-running"));
        Assert.True(button.Find("#ask-model-button").HasAttribute("disabled"));
        thinking.Set();
        button.WaitForAssertion(() => Assert.StartsWith("the model says “Red things” (", button.Find("#ask-model-status").TextContent), Wait);
        Assert.Empty(button.FindAll("#ask-model-running"));

        var request = Assert.Single(server.Requests);
        Assert.Equal(3, request.ImagesAfter(VisionLabeler.TopHeading).Length); // feature 0 fires on img-0, img-2 and img-5
        var labels = await new LabelStore(Seeded.Factory).ForTargetAsync(new LabelTarget.OfFeature(Seeded.SaeId, 0), null);
        var vision = Assert.Single(labels, l => l.Source == VisionLabelling.Source);
        Assert.Equal("Red things", vision.Text);
        Assert.True(vision.Score is not null || vision.ScoreNote is not null); // scored, or why not, as every label
        thinking.Dispose();
    }

    [Fact]
    public async Task AnEndpointThatFailsIsShownAsTheReason()
    {
        WriteCorpus();
        await using var server = await ChatStandIn.StartAsync(_ => new StandInReply.Error(503));
        var (ctx, _) = await SignedInAsync("lara", SaexRoles.Labeller);
        await using var _ = ctx;
        Configure(ctx, server.Endpoint);
        var context = await ContextAsync(ctx);
        var button = ctx.Render<AskModelButton>(p => p.Add(c => c.Context, context).Add(c => c.Feature, 2));
        button.WaitForAssertion(() => Assert.NotNull(button.Find("#ask-model-button")), Wait);

        await button.ClickOn("#ask-model-button");

        button.WaitForAssertion(() => Assert.StartsWith($"no answer: {server.Endpoint}: the endpoint answered 503", button.Find("#ask-model-status").TextContent), Wait);
        Assert.False(button.Find("#ask-model-button").HasAttribute("disabled")); // ask again later
    }
}
