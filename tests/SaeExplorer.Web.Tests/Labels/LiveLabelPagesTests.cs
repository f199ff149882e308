using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Data.Accounts;
using SaeExplorer.Data.Labels;
using SaeExplorer.Testing;
using SaeExplorer.Web.Components.Pages.Features;
using SaeExplorer.Web.Components.Pages.Images;
using SaeExplorer.Web.Services.Labels;
using SaeExplorer.Web.Services.Live;
using SaeExplorer.Web.Tests.Grouping;

namespace SaeExplorer.Web.Tests.Labels;

/// <summary>
/// Pages that name many features by their top labels (the features list, an image's group cards) show a label written
/// elsewhere without being reloaded: every label write also tells the SAE's topic.
/// </summary>
public sealed class LiveLabelPagesTests : SeededPageTests
{
    private async Task<ClaimsPrincipal> LabellerAsync() => Principal(await TestUsers.AddAsync(Seeded.Factory, "lara", SaexRoles.Labeller));

    [Fact]
    public async Task ALabelWrittenElsewhereShowsInTheFeatureListRow()
    {
        await using var ctx = Context("/features/demo");
        var lara = await LabellerAsync();
        var list = ctx.Render<FeatureList>(p => p.Add(c => c.Workspace, SeededWorkspace.Name));
        list.WaitForAssertion(() => Assert.Contains("unlabelled", Row(list, 1)), Wait);

        await ctx.Services.GetRequiredService<LabelWrites>().AddLabelAsync(lara, new LabelTarget.OfFeature(Seeded.SaeId, 1), "green leaves");

        list.WaitForAssertion(() => Assert.Contains("green leaves", Row(list, 1)), Wait);
    }

    [Fact]
    public async Task ALabelWrittenElsewhereNamesTheMemberOnTheImagesGroupCard()
    {
        await using var ctx = Context("/images/demo/img-2");
        var lara = await LabellerAsync();
        var page = ctx.Render<ImagePage>(p => p.Add(c => c.Workspace, SeededWorkspace.Name).Add(c => c.ImageId, "img-2"));
        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("#group-cards .group-card").Count), Wait);
        var unlabelled = page.FindAll("#group-cards .member-link").Select(a => int.Parse(a.TextContent.TrimStart('#')))
            .First(f => !SeededWorkspace.Labels.ContainsKey(f));
        Assert.Equal("unlabelled", MemberLabel(page, unlabelled));

        await ctx.Services.GetRequiredService<LabelWrites>().AddLabelAsync(lara, new LabelTarget.OfFeature(Seeded.SaeId, unlabelled), "stripes");

        page.WaitForAssertion(() => Assert.Equal("stripes", MemberLabel(page, unlabelled)), Wait);
        Assert.Equal(4, page.FindAll("#group-cards .group-card").Count); // relabelled in place, not taken apart again
    }

    [Fact]
    public async Task ALabelWrittenElsewhereShowsOnAListOfTheFeature()
    {
        await using var ctx = Context("/l/x");
        var lara = await LabellerAsync();
        var lists = ctx.Services.GetRequiredService<SaeExplorer.Data.Lists.ListStore>();
        var owner = lara.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var slug = await lists.CreateAsync(owner, "to look at", null);
        await lists.AddFeatureAsync(slug, owner, Seeded.SaeId, 1, "odd one");
        var page = ctx.Render<SaeExplorer.Web.Components.Pages.Lists.ListPage>(p => p.Add(c => c.Slug, slug));
        page.WaitForAssertion(() => Assert.Equal("–", page.Find(".list-item td:nth-child(2)").TextContent.Trim()), Wait);

        await ctx.Services.GetRequiredService<LabelWrites>().AddLabelAsync(lara, new LabelTarget.OfFeature(Seeded.SaeId, 1), "moss");

        page.WaitForAssertion(() => Assert.Equal("moss", page.Find(".list-item td:nth-child(2)").TextContent.Trim()), Wait);
    }

    [Fact]
    public void LabelNoticesReachEachTargetAndEachSaeOnce()
    {
        var live = new LiveUpdates(Microsoft.Extensions.Logging.Abstractions.NullLogger<LiveUpdates>.Instance);
        var heard = new System.Collections.Concurrent.ConcurrentBag<string>();
        foreach (var topic in new[] { "feature/1/3", "feature/1/4", "feature/2/3", "group/abc", LabelTarget.SaeTopic(1), LabelTarget.SaeTopic(2) })
            live.Subscribe(topic, () =>
            {
                heard.Add(topic);
                return Task.CompletedTask;
            });

        live.PublishLabels([new LabelTarget.OfFeature(1, 3), new LabelTarget.OfFeature(1, 4), new LabelTarget.OfFeature(2, 3), new LabelTarget.OfGroup("abc")]);

        SpinWait.SpinUntil(() => heard.Count >= 6, Wait);
        Thread.Sleep(50); // nothing more arrives
        Assert.Equal(["feature/1/3", "feature/1/4", "feature/2/3", "group/abc", "sae/1/labels", "sae/2/labels"], heard.Order());
    }

    private static string Row(IRenderedComponent<FeatureList> list, int feature) =>
        list.FindAll(".feature-row").Single(r => r.QuerySelector(".feature-link")?.TextContent.Trim() == $"#{feature}").TextContent;

    private static string MemberLabel(IRenderedComponent<ImagePage> page, int feature) =>
        page.FindAll("#group-cards tr").Single(r => r.QuerySelector(".member-link")?.TextContent == $"#{feature}")
            .QuerySelectorAll("td")[2].TextContent.Trim();
}
