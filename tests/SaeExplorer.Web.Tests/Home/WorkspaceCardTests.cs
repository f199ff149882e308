using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor.Services;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Settings;
using SaeExplorer.Data;
using SaeExplorer.Data.Jobs;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Components.Pages.Home;
using SaeExplorer.Web.Services.Preparation;
using SaeExplorer.Web.Services.Sae;
using SaeExplorer.Web.Services.Workspaces;

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

    private static readonly EmbeddingSpace ResNet = new("resnet18", "ResNet18.onnx", 512, "sha256:00112233aabbccdd");

    private static WorkspaceSummary Summary(WorkspaceState state, string? error = null) =>
        new(1, "demo", "data/demo", IsDemo: true, state, state == WorkspaceState.Preparing ? null : ResNet, 3000, 2990, 10,
            Job(state, error),
            state == WorkspaceState.Ready ? new SaeSummary("demo-sae", "standard", 512, 4096, 0.7234, 41.26, 0.25, AliveInCorpus: 4079) : null);

    private static JobSummary Job(WorkspaceState state, string? error) => state switch
    {
        WorkspaceState.Preparing => new JobSummary("import", "import the corpus", JobState.Running, 1, 0, 0, DateTimeOffset.UtcNow, null),
        WorkspaceState.Failed => new JobSummary("import", "import the corpus", JobState.Failed, 1, 0, 0, DateTimeOffset.UtcNow, error),
        _ => new JobSummary("index", "index features", JobState.Succeeded, 1, 4096, 4096, DateTimeOffset.UtcNow, null),
    };

    [Fact]
    public async Task PreparingCardShowsStageDoneTotalAndTimeLeft()
    {
        await using var ctx = NewContext();
        // 500 of 2,000 done in 50 s: 150 s left at the same pace.
        var progress = new PreparationSnapshot("demo", WorkspaceState.Preparing, "import the corpus", 1, 3, 500, 2000, TimeSpan.FromSeconds(50), null);

        var card = ctx.Render<WorkspaceCard>(p => p.Add(c => c.Summary, Summary(WorkspaceState.Preparing)).Add(c => c.Progress, progress));

        Assert.Equal("Stage 1/3: import the corpus", card.Find(".workspace-stage").TextContent.Trim());
        Assert.Equal("500 / 2,000 · about 3 min left", card.Find(".workspace-progress").TextContent.Trim());
        Assert.Equal("preparing", card.Find(".workspace-state").TextContent.Trim());
    }

    [Fact]
    public async Task WithoutLiveProgressThePreparingCardShowsTheSavedCounts()
    {
        await using var ctx = NewContext();
        var saved = Summary(WorkspaceState.Preparing) with { Job = Job(WorkspaceState.Preparing, null) with { Done = 1200, Total = 3000 } };

        var card = ctx.Render<WorkspaceCard>(p => p.Add(c => c.Summary, saved));

        Assert.Equal("Stage: import the corpus", card.Find(".workspace-stage").TextContent.Trim());
        Assert.Equal("1,200 / 3,000 · estimating time left", card.Find(".workspace-progress").TextContent.Trim());
    }

    [Fact]
    public async Task ReadyCardShowsTheEmbeddingSpaceImagesAndAliveCountsThatAgreeWithTheFeatureList()
    {
        await using var ctx = NewContext();

        var card = ctx.Render<WorkspaceCard>(p => p.Add(c => c.Summary, Summary(WorkspaceState.Ready)));

        Assert.Equal("2,990 (10 skipped)", card.Find(".workspace-images").TextContent.Trim());
        Assert.Equal("resnet18 · ResNet18.onnx · 512-d", card.Find(".workspace-space").TextContent.Trim());
        Assert.Equal("sha256:00112233aabbccdd", card.Find(".workspace-space").GetAttribute("title"));
        Assert.Empty(card.FindAll(".workspace-stage"));
        Assert.Equal("72.3%", card.Find(".sae-ev").TextContent.Trim());
        Assert.Equal("41.3", card.Find(".sae-l0").TextContent.Trim());
        Assert.Equal("4,079 of 4,096 fire on the corpus · 3,072 on the held-out split", card.Find(".sae-alive").TextContent.Trim());
    }

    [Fact]
    public async Task FailedCardShowsTheErrorText()
    {
        await using var ctx = NewContext();

        var card = ctx.Render<WorkspaceCard>(p => p.Add(c => c.Summary, Summary(WorkspaceState.Failed, "model file missing <b>x</b>")));

        var alert = card.Find(".workspace-error");
        Assert.Equal("import the corpus: model file missing <b>x</b>", alert.TextContent.Trim()); // shown as text, never as markup
        Assert.Equal("failed", card.Find(".workspace-state").TextContent.Trim());
    }

    [Fact]
    public async Task RetryOnAFailedCardQueuesTheWorkspaceAgain()
    {
        var queue = new PreparationQueue();
        await using var ctx = NewContext(queue);
        var card = ctx.Render<WorkspaceCard>(p => p.Add(c => c.Summary, Summary(WorkspaceState.Failed, "no such folder") with { Id = 7 }));

        await card.ClickOn("button.workspace-retry");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await using var ids = queue.ReadAllAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.True(await ids.MoveNextAsync());
        Assert.Equal(7, ids.Current);
    }

    [Fact]
    public async Task AnImportedWorkspaceSaysWhereItCameFrom()
    {
        await using var ctx = NewContext();

        var card = ctx.Render<WorkspaceCard>(p => p.Add(c => c.Summary, Summary(WorkspaceState.Ready) with { ImportedFrom = "/srv/laion/part-0", IsDemo = false }));

        Assert.Equal("/srv/laion/part-0", card.Find(".workspace-source").TextContent.Trim());
        Assert.Equal("/images/demo", card.Find("a.browse-images").GetAttribute("href"));
    }

    [Theory]
    [InlineData(WorkspaceState.Ready, false, true)]
    [InlineData(WorkspaceState.Failed, false, true)]
    [InlineData(WorkspaceState.Preparing, false, false)]
    [InlineData(WorkspaceState.Ready, true, false)]
    public async Task OnlyAnImportedWorkspaceThatIsNotBeingPreparedOffersDelete(WorkspaceState state, bool demo, bool offered)
    {
        await using var ctx = NewContext();

        var card = ctx.Render<WorkspaceCard>(p => p.Add(c => c.Summary, Summary(state) with { ImportedFrom = "/srv/corpus", IsDemo = demo }));

        Assert.Equal(offered, card.FindAll(".workspace-delete").Count == 1);
    }
}
