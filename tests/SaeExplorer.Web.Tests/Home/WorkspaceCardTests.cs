using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using SaeExplorer.Data;
using SaeExplorer.Data.Configuration;
using SaeExplorer.Web.Services.Sae;
using SaeExplorer.Web.Services.Workspaces;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Components.Pages.Home;
using SaeExplorer.Web.Services.Preparation;

namespace SaeExplorer.Web.Tests.Home;

public class WorkspaceCardTests
{
    /// <summary>A bunit context with what the card injects; nothing in it touches a database unless a test clicks Delete.</summary>
    private static BunitContext NewContext(PreparationQueue? queue = null)
    {
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.Services.AddSingleton(queue ?? new PreparationQueue());
        var db = new DbContextOptionsBuilder<SaexDbContext>().UseSqlite("Data Source=:memory:").Options;
        ctx.Services.AddSingleton(new WorkspaceRemoval(new PooledDbContextFactory<SaexDbContext>(db), new SaexOptions(), new SaeModelCache(),
            new PreparationState(), NullLogger<WorkspaceRemoval>.Instance));
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        return ctx;
    }

    private static WorkspaceSummary Summary(WorkspaceState state, string? error = null) =>
        new(1, "demo", null, state, "resnet18", 512, 3000, 2990, 10, "encode the demo pack", 0, 0, error,
            state == WorkspaceState.Ready ? new SaeSummary("demo-sae", "standard", 512, 4096, 0.7234, 41.26, 0.25) : null);

    [Fact]
    public async Task PreparingCardShowsStageDoneTotalAndTimeLeft()
    {
        await using var ctx = NewContext();
        // 500 of 2,000 done in 50 s: 150 s left at the same pace.
        var progress = new PreparationSnapshot("demo", WorkspaceState.Preparing, "encode the demo pack", 1, 3, 500, 2000, TimeSpan.FromSeconds(50), null);

        var card = ctx.Render<WorkspaceCard>(p => p.Add(c => c.Summary, Summary(WorkspaceState.Preparing)).Add(c => c.Progress, progress));

        Assert.Equal("Stage 1/3: encode the demo pack", card.Find(".workspace-stage").TextContent.Trim());
        Assert.Equal("500 / 2,000 · about 3 min left", card.Find(".workspace-progress").TextContent.Trim());
        Assert.Equal("preparing", card.Find(".workspace-state").TextContent.Trim());
    }

    [Fact]
    public async Task WithoutLiveProgressThePreparingCardShowsTheSavedCounts()
    {
        await using var ctx = NewContext();
        var saved = Summary(WorkspaceState.Preparing) with { StageDone = 1200, StageTotal = 3000 };

        var card = ctx.Render<WorkspaceCard>(p => p.Add(c => c.Summary, saved));

        Assert.Equal("Stage: encode the demo pack", card.Find(".workspace-stage").TextContent.Trim());
        Assert.Equal("1,200 / 3,000 · estimating time left", card.Find(".workspace-progress").TextContent.Trim());
    }

    [Fact]
    public async Task ReadyCardShowsEncoderImagesAndDimension()
    {
        await using var ctx = NewContext();

        var card = ctx.Render<WorkspaceCard>(p => p.Add(c => c.Summary, Summary(WorkspaceState.Ready)));

        Assert.Equal("2,990 (10 skipped)", card.Find(".workspace-images").TextContent.Trim());
        Assert.Contains("resnet18", card.Find(".workspace-summary").TextContent);
        Assert.Contains("512", card.Find(".workspace-summary").TextContent);
        Assert.Empty(card.FindAll(".workspace-stage"));
        Assert.Equal("72.3%", card.Find(".sae-ev").TextContent.Trim());
        Assert.Equal("41.3", card.Find(".sae-l0").TextContent.Trim());
        Assert.Equal("3,072 (25.0% dead)", card.Find(".sae-alive").TextContent.Trim());
    }

    [Fact]
    public async Task FailedCardShowsTheErrorText()
    {
        await using var ctx = NewContext();

        var card = ctx.Render<WorkspaceCard>(p => p.Add(c => c.Summary, Summary(WorkspaceState.Failed, "encode the demo pack: model file missing <b>x</b>")));

        var alert = card.Find(".workspace-error");
        Assert.Contains("model file missing <b>x</b>", alert.TextContent); // shown as text, never as markup
        Assert.Equal("failed", card.Find(".workspace-state").TextContent.Trim());
    }

    [Fact]
    public async Task RetryOnAFailedCardQueuesTheWorkspaceAgain()
    {
        var queue = new PreparationQueue();
        await using var ctx = NewContext(queue);
        var card = ctx.Render<WorkspaceCard>(p => p.Add(c => c.Summary, Summary(WorkspaceState.Failed, "import the corpus: no such folder") with { Id = 7 }));

        card.Find("button.workspace-retry").Click();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await using var ids = queue.ReadAllAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.True(await ids.MoveNextAsync());
        Assert.Equal(7, ids.Current);
    }

    [Fact]
    public async Task AnImportedWorkspaceSaysWhereItCameFrom()
    {
        await using var ctx = NewContext();

        var card = ctx.Render<WorkspaceCard>(p => p.Add(c => c.Summary, Summary(WorkspaceState.Ready) with { ImportedFrom = "/srv/laion/part-0" }));

        Assert.Equal("/srv/laion/part-0", card.Find(".workspace-source").TextContent.Trim());
        Assert.Equal("/images/demo", card.Find("a.browse-images").GetAttribute("href"));
    }

    [Theory]
    [InlineData(WorkspaceState.Ready, "/srv/corpus", true)]
    [InlineData(WorkspaceState.Failed, "/srv/corpus", true)]
    [InlineData(WorkspaceState.Preparing, "/srv/corpus", false)]
    [InlineData(WorkspaceState.Ready, null, false)]
    public async Task OnlyAnImportedWorkspaceThatIsNotBeingPreparedOffersDelete(WorkspaceState state, string? importedFrom, bool offered)
    {
        await using var ctx = NewContext();

        var card = ctx.Render<WorkspaceCard>(p => p.Add(c => c.Summary, Summary(state) with { ImportedFrom = importedFrom }));

        Assert.Equal(offered, card.FindAll(".workspace-delete").Count == 1);
    }
}
