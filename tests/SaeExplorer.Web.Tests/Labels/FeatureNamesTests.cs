using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using SaeExplorer.Core.Labeling;
using SaeExplorer.Data.Accounts;
using SaeExplorer.Data.Labels;
using SaeExplorer.Testing;
using SaeExplorer.Web.Components.Pages.Features;
using SaeExplorer.Web.Components.Pages.Images;
using SaeExplorer.Web.Components.UI;
using SaeExplorer.Web.Services.Labels;
using SaeExplorer.Web.Tests.Grouping;

namespace SaeExplorer.Web.Tests.Labels;

/// <summary>
/// Only labels that say something are shown as names: a candidate (an automatic label whose held-out score the label
/// stage noted as saying nothing) shows as "unlabelled" with the candidate on hover, on the feature list, the feature
/// page and group cards; a group is labelled by its features' names, or "unlabelled".
/// </summary>
public sealed class FeatureNamesTests : SeededPageTests
{
    private const string Note = "within chance: 1 of the 2 held-out images carry the label, so its AUROC must exceed 1.2";

    /// <summary>Every feature's automatic labels become candidates (the seeded run's labels included).</summary>
    private async Task EveryFeatureACandidateAsync(BunitContext ctx)
    {
        var auto = ctx.Services.GetRequiredService<AutoLabelStore>();
        var inputs = Enumerable.Range(0, SeededWorkspace.DSae).Select(f => new FeatureLabelInput(f, $"thing {f}", 0.6, 0.5, Note)).ToList();
        await auto.ReplaceAutoLabelsAsync(Seeded.SaeId, LabelSource.Autointerp("decoder-direction"), inputs);
    }

    [Fact]
    public void AName_ACandidateAndAPersonsLabelRenderAsTheyShould()
    {
        using var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;

        var candidate = ctx.Render<FeatureNameText>(p => p.Add(c => c.Name, new FeatureName("leaves", false, false, 0.61)));
        var named = ctx.Render<FeatureNameText>(p => p.Add(c => c.Name, new FeatureName("fish", true, false, 0.93)));
        var person = ctx.Render<FeatureNameText>(p => p.Add(c => c.Name, new FeatureName("angelfish", true, true, null)));
        var none = ctx.Render<FeatureNameText>(p => p.Add(c => c.Name, FeatureName.None));
        var untested = ctx.Render<FeatureNameText>(p => p.Add(c => c.Name, new FeatureName("art", false, false, null)));

        Assert.Equal("unlabelled", candidate.Find(".feature-name").TextContent.Trim());
        Assert.Contains("unlabelled", candidate.Find(".feature-name").ClassList);
        Assert.Equal("best candidate: “leaves” (held-out AUROC 0.61), not shown as the name: its held-out score does not beat chance by a clear margin",
            candidate.Find(".feature-name").GetAttribute("title"));
        Assert.Equal("fish", named.Find(".feature-name").TextContent.Trim());
        Assert.Equal("automatic label, held-out AUROC 0.93", named.Find(".feature-name").GetAttribute("title"));
        Assert.Empty(named.FindAll(".by-person"));
        Assert.Equal("angelfish", person.Find(".feature-name").TextContent.Trim());
        Assert.Single(person.FindAll(".by-person"));
        Assert.Equal("a person's label", person.Find(".feature-name").GetAttribute("title"));
        Assert.Equal(("unlabelled", "no label yet"), (none.Find(".feature-name").TextContent.Trim(), none.Find(".feature-name").GetAttribute("title")));
        Assert.Equal("best candidate: “art” (no held-out score), not shown as the name: the held-out images cannot test it",
            untested.Find(".feature-name").GetAttribute("title"));
    }

    [Fact]
    public async Task TheFeatureListShowsACandidateAsUnlabelledWithTheCandidateOnHover()
    {
        await using var ctx = Context("/features/demo");
        await EveryFeatureACandidateAsync(ctx);

        var list = ctx.Render<FeatureList>(p => p.Add(c => c.Workspace, SeededWorkspace.Name));

        list.WaitForAssertion(() => Assert.NotEmpty(list.FindAll(".feature-row")), Wait);
        var row = list.FindAll(".feature-row").Single(r => r.QuerySelector(".feature-link")?.TextContent.Trim() == "#0");
        var name = row.QuerySelector(".feature-name")!;
        Assert.Equal("unlabelled", name.TextContent.Trim());
        Assert.Contains("best candidate: “thing 0”", name.GetAttribute("title"));
        Assert.DoesNotContain("red things", row.TextContent);
    }

    [Fact]
    public async Task TheFeaturePageNamesTheCandidateBesideUnlabelled()
    {
        await using var ctx = Context("/features/demo/0");
        await EveryFeatureACandidateAsync(ctx);

        var page = ctx.Render<FeaturePage>(p => p.Add(c => c.Workspace, SeededWorkspace.Name).Add(c => c.Index, 0));

        page.WaitForAssertion(() => Assert.Equal("unlabelled", page.Find("#feature-label").TextContent.Trim()), Wait);
        Assert.Contains("best candidate: “thing 0”", page.Find("#feature-candidate").TextContent);
        Assert.Contains("candidate", page.Find(".label-card .candidate-chip").TextContent);
    }

    [Fact]
    public async Task GroupsOfCandidatesAreUnlabelledAndPeoplesNamesLabelThem()
    {
        await using var ctx = Context("/images/demo/img-2");
        await EveryFeatureACandidateAsync(ctx);
        var page = ctx.Render<ImagePage>(p => p.Add(c => c.Workspace, SeededWorkspace.Name).Add(c => c.ImageId, "img-2"));
        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("#group-cards .group-card").Count), Wait);
        Assert.All(page.FindAll("#group-cards .group-label"), l => Assert.Equal("unlabelled", l.TextContent.Trim()));
        Assert.All(page.FindAll("#group-cards .feature-name"), n => Assert.Equal("unlabelled", n.TextContent.Trim()));

        var lara = Principal(await TestUsers.AddAsync(Seeded.Factory, "lara", SaexRoles.Labeller));
        var writes = ctx.Services.GetRequiredService<LabelWrites>();
        foreach (var feature in page.FindAll("#group-cards .member-link").Select(a => int.Parse(a.TextContent.TrimStart('#'))).Distinct())
            await writes.AddLabelAsync(lara, new LabelTarget.OfFeature(Seeded.SaeId, feature), "stripes");

        page.WaitForAssertion(() => Assert.All(page.FindAll("#group-cards .group-label"), l => Assert.Equal("stripes", l.TextContent.Trim())), Wait);
        Assert.All(page.FindAll("#group-cards .by-person"), i => Assert.Equal("a person's label", i.GetAttribute("aria-label")));
    }
}
