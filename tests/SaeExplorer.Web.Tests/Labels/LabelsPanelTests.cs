using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Data.Accounts;
using SaeExplorer.Data.Labels;
using SaeExplorer.Testing;
using SaeExplorer.Web.Components.Labels;
using SaeExplorer.Web.Services.Labels;
using SaeExplorer.Web.Services.Live;
using SaeExplorer.Web.Tests.Grouping;

namespace SaeExplorer.Web.Tests.Labels;

/// <summary>The labels panel over the seeded workspace, as a labeller, a viewer and nobody; live changes from another writer.</summary>
public sealed class LabelsPanelTests : SeededPageTests
{
    private LabelTarget Feature(int f) => new LabelTarget.OfFeature(Seeded.SaeId, f);

    [Fact]
    public async Task TheTopLabelIsHighlightedAndMarkupInLabelsAndCommentsIsShownAsText()
    {
        var (ctx, lara) = await SignedInAsync("lara", SaexRoles.Labeller);
        await using var _ = ctx;
        var page = ctx.Render<LabelsPanel>(p => p.Add(c => c.Target, Feature(0)));
        page.WaitForAssertion(() => Assert.Equal("red things", page.Find(".label-top .label-text").TextContent), Wait);
        Assert.Contains("top label", page.Find(".label-top").TextContent);

        const string markup = "<script>alert('x')</script><b>bold</b>";
        await page.InputOn("#label-new", markup);
        await page.ClickOn("#label-add");
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".label-card").Count), Wait);
        var added = page.FindAll(".label-card").Single(c => !c.ClassList.Contains("label-top"));
        Assert.Equal(markup, added.QuerySelector(".label-text")!.TextContent);
        Assert.Empty(page.FindAll(".labels-panel script"));
        Assert.Empty(page.FindAll(".label-text b"));
        Assert.Contains("&lt;script&gt;", page.Markup);

        var id = int.Parse(added.GetAttribute("data-label-id")!);
        await ctx.Services.GetRequiredService<LabelWrites>().CommentAsync(Principal(lara), id, "<img src=x onerror=alert(1)> nice");
        page.WaitForAssertion(() => Assert.Contains("1 comment", page.Find($"[data-label-id='{id}'] .label-comments").TextContent), Wait);
        await page.ClickOn($"[data-label-id='{id}'] .label-comments");
        page.WaitForAssertion(() => Assert.Equal("<img src=x onerror=alert(1)> nice", page.Find(".comment-text").TextContent), Wait);
        Assert.Empty(page.FindAll(".label-thread img"));
    }

    [Fact]
    public async Task AScoreThatCannotTellSaysSoBesideIt()
    {
        var store = new LabelStore(Seeded.Factory);
        var id = await store.AddAsync(Feature(2), "blue", null);
        const string caveat = "the feature fires on no held-out image, so this score cannot tell a good label from a bad one";
        await new AutoLabelStore(Seeded.Factory).SetScoreAsync(id, new LabelScore(0.5, 0.5, caveat));
        var (ctx, _) = await SignedInAsync(null);
        await using var __ = ctx;
        var page = ctx.Render<LabelsPanel>(p => p.Add(c => c.Target, Feature(2)));

        page.WaitForAssertion(() => Assert.Equal($"score 0.50 AUROC, 0.50 balanced accuracy (held-out): {caveat}",
            page.Find($"[data-label-id='{id}'] .label-score").TextContent.Trim()), Wait);
    }

    [Fact]
    public async Task AnEmptyLabelIsRefusedWithTheRuleAndNothingIsAdded()
    {
        var (ctx, _) = await SignedInAsync("lara", SaexRoles.Labeller);
        await using var __ = ctx;
        var page = ctx.Render<LabelsPanel>(p => p.Add(c => c.Target, Feature(1)));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#labels-empty")), Wait);
        await page.InputOn("#label-new", "   ");
        await page.ClickOn("#label-add");
        page.WaitForAssertion(() => Assert.Contains("cannot be empty", page.Find("#labels-error").TextContent), Wait);
        Assert.Empty(page.FindAll(".label-card"));
    }

    [Fact]
    public async Task NobodySignedInSeesLabelsButCannotWriteAndIsToldHow()
    {
        var (ctx, _) = await SignedInAsync(null);
        await using var __ = ctx;
        var page = ctx.Render<LabelsPanel>(p => p.Add(c => c.Target, Feature(2)));
        page.WaitForAssertion(() => Assert.Equal("blue sky", page.Find(".label-text").TextContent), Wait);
        Assert.Empty(page.FindAll("#label-new"));
        Assert.Contains("Sign in as a labeller", page.Find("#labels-sign-in").TextContent);
        Assert.True(page.Find(".vote-up").HasAttribute("disabled"));
        Assert.Empty(page.FindAll(".label-edit"));
    }

    [Fact]
    public async Task AViewerIsToldThatWritingNeedsTheLabellerRole()
    {
        var (ctx, _) = await SignedInAsync("vera");
        await using var __ = ctx;
        var page = ctx.Render<LabelsPanel>(p => p.Add(c => c.Target, Feature(2)));
        page.WaitForAssertion(() => Assert.Contains("vera is a viewer", page.Find("#labels-sign-in").TextContent), Wait);
        Assert.Empty(page.FindAll("#label-new"));
    }

    [Fact]
    public async Task ALabelVoteOrEditFromAnotherWriterShowsWithoutAReloadAndAStaleEditShowsBothVersions()
    {
        var (ctx, lara) = await SignedInAsync("lara", SaexRoles.Labeller);
        await using var _ = ctx;
        var other = await TestUsers.AddAsync(Seeded.Factory, "otto", SaexRoles.Labeller);
        var writes = ctx.Services.GetRequiredService<LabelWrites>();
        var page = ctx.Render<LabelsPanel>(p => p.Add(c => c.Target, Feature(3)));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#labels-empty")), Wait);

        var id = await writes.AddLabelAsync(Principal(other), Feature(3), "diagonal strokes");
        page.WaitForAssertion(() => Assert.Equal("diagonal strokes", page.Find(".label-text").TextContent), Wait);
        await writes.VoteAsync(Principal(other), id, 1);
        page.WaitForAssertion(() => Assert.Equal("1", page.Find(".label-votes").TextContent), Wait);

        // lara opens the editor at version 1; otto saves first; lara's save is refused and both texts are shown.
        await page.ClickOn(".label-edit");
        await writes.EditLabelAsync(Principal(other), id, 1, "diagonal lines");
        await page.ChangeOn(".label-edit-text input", "slanted strokes");
        await page.ClickOn(".label-save");
        page.WaitForAssertion(() => Assert.NotNull(page.Find(".label-conflict")), Wait);
        Assert.Equal("diagonal lines", page.Find(".conflict-theirs").TextContent);
        Assert.Equal("slanted strokes", page.Find(".conflict-yours").TextContent);
        // Saving again puts lara's text over the version now stored.
        await page.ClickOn(".label-save");
        page.WaitForAssertion(() => Assert.Equal("slanted strokes", page.Find(".label-text").TextContent), Wait);
        var history = await ctx.Services.GetRequiredService<LabelStore>().HistoryAsync(id);
        Assert.Equal(["diagonal strokes", "diagonal lines", "slanted strokes"], history!.Select(r => r.Text));
        Assert.Equal(lara, (await Seeded.Factory.CreateDbContextAsync()).Revisions.Single(r => r.LabelId == id && r.Version == 3).EditorId);
    }

    [Fact]
    public async Task ThePanelShowsWhoElseIsHereAndForgetsThemWhenTheyLeave()
    {
        var (ctx, _) = await SignedInAsync("lara", SaexRoles.Labeller);
        await using var __ = ctx;
        var presence = ctx.Services.GetRequiredService<Presence>();
        var page = ctx.Render<LabelsPanel>(p => p.Add(c => c.Target, Feature(4)));
        page.WaitForAssertion(() => Assert.Single(presence.Here(Feature(4).Topic)), Wait);
        Assert.Empty(page.FindAll(".presence-entry")); // lara does not see herself

        var otherCircuit = new PresenceSession(presence);
        var handle = otherCircuit.Join(Feature(4).Topic, "otto", Presence.Labelling);
        page.WaitForAssertion(() => Assert.Equal("otto (labelling)", page.Find(".presence-entry").TextContent), Wait);
        otherCircuit.Dispose(); // the other browser closed
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".presence-entry")), Wait);
        handle.Dispose(); // already gone: a no-op
        await ctx.DisposeComponentsAsync();
        Assert.Empty(presence.Here(Feature(4).Topic));
    }
}
