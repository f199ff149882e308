using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Core.Sae.Metrics;
using SaeExplorer.Data.Labels;
using SaeExplorer.Testing;
using SaeExplorer.Web.Components.Pages.Home;
using SaeExplorer.Web.Components.Pages.Workspaces;
using SaeExplorer.Web.Services.Autointerp;
using SaeExplorer.Web.Tests.Grouping;

namespace SaeExplorer.Web.Tests.Autointerp;

/// <summary>
/// The report page and the home card's line on the seeded workspace: 7 of its 8 features fire (f5 never does), the two
/// seeded automatic labels score 0.9, a person's label on f1 scores 0.7, so 2 of 7 alive features score above 0.8.
/// </summary>
public sealed class WorkspaceReportPageTests : SeededPageTests
{
    private static readonly PurityReport Purity = new(new UnitPurity(0.75, 3, 8, Chance: 0.45, StandardError: 0.04),
        new UnitPurity(0.5, 2, 4, Chance: 0.4, StandardError: 0.03), Images: 6, Categories: 3, Top: 8, MinFiring: 5);

    private async Task SeedAsync(bool withStage)
    {
        var id = await new LabelStore(Seeded.Factory).AddAsync(new LabelTarget.OfFeature(Seeded.SaeId, 1), "green", null);
        await new AutoLabelStore(Seeded.Factory).SetScoreAsync(id, new LabelScore(0.7, 0.6, null));
        if (!withStage) return;
        var stored = new StoredReport("decoder-direction", null, Named: 2, Purity, null, Agreement: 0.5, AgreementCompared: 2, HeldOutImages: 6, DateTimeOffset.UtcNow);
        await using var db = await Seeded.Factory.CreateDbContextAsync();
        await db.Saes.Where(s => s.Id == Seeded.SaeId).ExecuteUpdateAsync(u => u.SetProperty(s => s.ReportJson, stored.ToJson()));
    }

    [Fact]
    public async Task TheReportSaysWhatEachNumberCountsWithPurityOfFeaturesBesideRawDimensions()
    {
        await SeedAsync(withStage: true);
        await using var ctx = Context("/workspaces/demo/report");
        var page = ctx.Render<WorkspaceReportPage>(p => p.Add(c => c.Workspace, SeededWorkspace.Name));
        page.WaitForAssertion(() => Assert.Equal("28.6%", page.Find(".report-share").TextContent.Trim()), Wait);
        Assert.Contains("of the 7 alive features", page.Find(".report-share-text").TextContent);
        Assert.Contains("above 0.8: 2 features", page.Find(".report-share-text").TextContent);
        Assert.Contains("3 alive features have a top label; 3 of those labels have a score", page.Find(".report-label-counts").TextContent);
        Assert.Equal(("0.750", "0.500"), (page.Find(".purity-sae").TextContent, page.Find(".purity-raw").TextContent));
        Assert.Equal(("3 / 8", "2 / 4"), (page.Find(".purity-sae-units").TextContent.Trim(), page.Find(".purity-raw-units").TextContent.Trim()));
        Assert.Equal(("0.040", "0.450", "0.300"), (page.Find(".purity-sae-error").TextContent, page.Find(".purity-sae-chance").TextContent,
            page.Find(".purity-sae-lift").TextContent));
        Assert.Equal("0.100", page.Find(".purity-raw-lift").TextContent);
        // Lifts 0.30 against 0.10: a difference of 0.20 against two standard errors of 2 sqrt(0.04^2 + 0.03^2) = 0.10.
        Assert.Contains("purer than raw dimensions: 0.300 above chance against 0.100, a difference of 0.200 ± 0.100", page.Find(".report-verdict").TextContent);
        Assert.Contains("50.0%", page.Find(".report-agreement").TextContent);
        // DeadShare 0.25 of 8 features: 6 fire on held-out images, and the 2 above 0.8 are a third of them.
        var testable = System.Text.RegularExpressions.Regex.Replace(page.Find(".report-testable").TextContent, @"\s+", " ");
        Assert.Contains("6 of the alive features fire on at least one of the 6 held-out images", testable);
        Assert.Contains("Of the testable features, 33.3% have a top label above 0.8", testable);
        Assert.NotNull(page.Find("#report-score-histogram"));

        var report = await ctx.Services.GetRequiredService<WorkspaceReports>().ForAsync(SeededWorkspace.Name);
        var line = ctx.Render<WorkspaceReportLine>(p => p.Add(c => c.Report, report));
        line.WaitForAssertion(() => Assert.Equal("28.6% of 7 alive features", line.Find(".report-line").TextContent.Trim()), Wait);
        Assert.Equal("/workspaces/demo/report", line.Find(".report-line a").GetAttribute("href"));
        Assert.Equal("0.75 / 0.50 (0.30 / 0.10 above chance)", line.Find(".report-purity-line").TextContent.Trim());
    }

    [Fact]
    public async Task BeforeTheStageRanThePageSaysPurityIsStillToBeMeasured()
    {
        await SeedAsync(withStage: false);
        await using var ctx = Context("/workspaces/demo/report");
        var page = ctx.Render<WorkspaceReportPage>(p => p.Add(c => c.Workspace, SeededWorkspace.Name));
        page.WaitForAssertion(() => Assert.Contains("has not run on this SAE yet", page.Find(".report-no-purity").TextContent), Wait);
        Assert.Equal("28.6%", page.Find(".report-share").TextContent.Trim());
        Assert.Contains("at least one of the held-out images", page.Find(".report-testable").TextContent);

        var missing = ctx.Render<WorkspaceReportPage>(p => p.Add(c => c.Workspace, "nowhere"));
        missing.WaitForAssertion(() => Assert.Contains("There is no workspace named 'nowhere'", missing.Markup), Wait);
    }
}
