using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Data.Accounts;
using SaeExplorer.Data.Jobs;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Components.Pages.Home;
using SaeExplorer.Web.Services.Preparation;
using SaeExplorer.Web.Tests.Grouping;
using SaeExplorer.Web.Tests.Labels;

namespace SaeExplorer.Web.Tests.Home;

/// <summary>A workspace card: what it shows while preparing, ready or failed, and what it offers (and shows) to an admin alone.</summary>
public sealed class WorkspaceCardTests : SeededPageTests
{
    private static readonly EmbeddingSpace ResNet = new("resnet18", "ResNet18.onnx", 512, "sha256:00112233aabbccdd");

    private static WorkspaceSummary Summary(WorkspaceState state, string? error = null) =>
        new(1, "demo", "data/demo", IsDemo: true, state, state == WorkspaceState.Preparing ? null : ResNet, 3000, 2990, 10,
            Job(state, error),
            state == WorkspaceState.Ready ? [new SaeSummary("demo-sae", "standard", 512, 4096, 0.7234, 41.26, 0.25, AliveInCorpus: 4079)] : []);

    private static JobSummary Job(WorkspaceState state, string? error) => state switch
    {
        WorkspaceState.Preparing => new JobSummary("import", "import the corpus", JobState.Running, 1, 0, 0, DateTimeOffset.UtcNow, null),
        WorkspaceState.Failed => new JobSummary("import", "import the corpus", JobState.Failed, 1, 0, 0, DateTimeOffset.UtcNow, error),
        _ => new JobSummary("index", "index features", JobState.Succeeded, 1, 4096, 4096, DateTimeOffset.UtcNow, null),
    };

    private static IRenderedComponent<WorkspaceCard> Card(BunitContext ctx, WorkspaceSummary summary, bool isAdmin = false,
        PreparationSnapshot? progress = null) =>
        ctx.Render<WorkspaceCard>(p => p.Add(c => c.Summary, summary).Add(c => c.Progress, progress).Add(c => c.IsAdmin, isAdmin));

    [Fact]
    public async Task PreparingCardShowsStageDoneTotalAndTimeLeft()
    {
        await using var ctx = Context("/");
        // 500 of 2,000 done in 50 s: 150 s left at the same pace.
        var progress = new PreparationSnapshot("demo", WorkspaceState.Preparing, "import the corpus", 1, 3, 500, 2000, TimeSpan.FromSeconds(50), null);

        var card = Card(ctx, Summary(WorkspaceState.Preparing), progress: progress);

        Assert.Equal("Stage 1/3: import the corpus", card.Find(".workspace-stage").TextContent.Trim());
        Assert.Equal("500 / 2,000 · 10 a second · about 3 min left", card.Find(".workspace-progress").TextContent.Trim());
        Assert.Equal("preparing", card.Find(".workspace-state").TextContent.Trim());
    }

    [Fact]
    public async Task WithoutLiveProgressThePreparingCardShowsTheSavedCounts()
    {
        await using var ctx = Context("/");
        var saved = Summary(WorkspaceState.Preparing) with { Job = Job(WorkspaceState.Preparing, null) with { Done = 1200, Total = 3000 } };

        var card = Card(ctx, saved);

        Assert.Equal("Stage: import the corpus", card.Find(".workspace-stage").TextContent.Trim());
        Assert.Equal("1,200 / 3,000 · estimating time left", card.Find(".workspace-progress").TextContent.Trim());
    }

    [Fact]
    public async Task ReadyCardShowsTheEmbeddingSpaceImagesAndAliveCountsThatAgreeWithTheFeatureList()
    {
        await using var ctx = Context("/");

        var card = Card(ctx, Summary(WorkspaceState.Ready));

        Assert.Equal("2,990 (10 skipped)", card.Find(".workspace-images").TextContent.Trim());
        Assert.Equal("resnet18 · ResNet18.onnx · 512-d", card.Find(".workspace-space").TextContent.Trim());
        Assert.Equal("sha256:00112233aabbccdd", card.Find(".workspace-space").GetAttribute("title"));
        Assert.Empty(card.FindAll(".workspace-stage"));
        Assert.Equal("72.3%", card.Find(".sae-ev").TextContent.Trim());
        Assert.Equal("41.3", card.Find(".sae-l0").TextContent.Trim());
        Assert.Equal("4,079 of 4,096 fire on the corpus · 3,072 on the held-out split", card.Find(".sae-alive").TextContent.Trim());
    }

    [Fact]
    public async Task AFailedCardShowsAnAdminTheErrorTextAndAnyoneElseOnlyTheStage()
    {
        await using var ctx = Context("/");
        var failed = Summary(WorkspaceState.Failed, "model file missing <b>x</b> at /srv/models/x.onnx");

        var forAdmin = Card(ctx, failed, isAdmin: true);
        var forViewer = Card(ctx, failed);

        // Shown as text, never as markup; the reason may name server folders, so only an admin reads it.
        Assert.Equal("import the corpus: model file missing <b>x</b> at /srv/models/x.onnx", forAdmin.Find(".workspace-error").TextContent.Trim());
        Assert.Equal("import the corpus failed.", forViewer.Find(".workspace-error").TextContent.Trim());
        Assert.DoesNotContain("/srv/", forViewer.Markup);
        Assert.Equal("failed", forViewer.Find(".workspace-state").TextContent.Trim());
    }

    [Fact]
    public async Task RetryOnAFailedCardQueuesTheWorkspaceAgainForAnAdmin()
    {
        var (ctx, _) = await SignedInAsync(Role.Admin);
        await using var __ = ctx;
        var card = Card(ctx, Summary(WorkspaceState.Failed, "no such folder") with { Id = 7 }, isAdmin: true);

        await card.ClickOn("button.workspace-retry");

        Assert.Equal([7], await QueuedAsync(ctx));
    }

    [Fact]
    public async Task AnImportedWorkspaceTellsAnAdminWhereItCameFrom()
    {
        await using var ctx = Context("/");

        var card = Card(ctx, Summary(WorkspaceState.Ready) with { ImportedFrom = "/srv/laion/part-0", IsDemo = false }, isAdmin: true);

        Assert.Equal("/srv/laion/part-0", card.Find(".workspace-source").TextContent.Trim());
        Assert.Equal("/images/demo", card.Find("a.browse-images").GetAttribute("href"));
    }

    [Theory]
    [InlineData(WorkspaceState.Ready, false, true)]
    [InlineData(WorkspaceState.Failed, false, true)]
    [InlineData(WorkspaceState.Preparing, false, false)]
    [InlineData(WorkspaceState.Ready, true, false)]
    public async Task OnlyAnImportedWorkspaceThatIsNotBeingPreparedOffersAnAdminDelete(WorkspaceState state, bool demo, bool offered)
    {
        await using var ctx = Context("/");

        var card = Card(ctx, Summary(state) with { ImportedFrom = "/srv/corpus", IsDemo = demo }, isAdmin: true);

        Assert.Equal(offered, card.FindAll(".workspace-delete").Count == 1);
    }

    /// <summary>
    /// The home page over a database holding the seeded demo and an imported workspace whose import failed: only an
    /// admin is offered Delete and Retry, and only an admin sees server folders (where each came from, and the failure's
    /// reason, which names one).
    /// </summary>
    [Theory]
    [MemberData(nameof(EveryRole), MemberType = typeof(SeededPageTests))]
    public async Task TheHomePageOffersDeleteAndRetryAndShowsServerFoldersToAnAdminAlone(Role role)
    {
        await AddFailedImportAsync("pets", "/srv/corpora/pets", "no such folder: /srv/corpora/pets/images");
        var (ctx, _) = await SignedInAsync(role);
        await using var __ = ctx;

        var home = ctx.Render<SaeExplorer.Web.Components.Pages.Home.Home>();
        home.WaitForAssertion(() => Assert.Equal(2, home.FindAll(".workspace-state").Count), Wait);

        var admin = role == Role.Admin;
        var pets = home.Find("#workspace-pets");
        Assert.Equal(admin, pets.QuerySelector(".workspace-delete") is not null);
        Assert.Equal(admin, pets.QuerySelector(".workspace-retry") is not null);
        Assert.Equal(admin ? 2 : 0, home.FindAll(".workspace-source").Count);
        Assert.Equal(admin, home.Markup.Contains("/srv/corpora/pets"));
        Assert.Equal(admin, home.Markup.Contains(Seeded.Directory));
        Assert.Empty(home.FindAll("#workspace-demo .workspace-delete")); // the demo is made on every start: nobody deletes it
        if (!admin) Assert.Contains("An admin sees why", pets.QuerySelector(".workspace-admin-only")!.TextContent);
    }

    [Fact]
    public async Task ARetryFromACardShownToAnAdminWhoseRoleWasTakenBackIsRefusedNamingTheRole()
    {
        var (ctx, _) = await SignedInAsync(Role.Labeller);
        await using var __ = ctx;
        var card = Card(ctx, Summary(WorkspaceState.Failed, "no such folder") with { Id = 7, IsDemo = false }, isAdmin: true);

        await card.ClickOn("button.workspace-retry");

        var said = Assert.Single(ctx.Services.GetRequiredService<ISnackbar>().ShownSnackbars);
        Assert.Equal("Retrying a workspace's preparation needs the admin role, which 'lara' does not hold.", said.Message);
        Assert.Empty(await QueuedAsync(ctx));
    }

    [Fact]
    public async Task ADeleteFromACardShownToAnAdminWhoseRoleWasTakenBackIsRefusedAndTheWorkspaceStays()
    {
        var id = await AddFailedImportAsync("pets", "/srv/corpora/pets", "no such folder");
        var (ctx, _) = await SignedInAsync(Role.Viewer);
        await using var __ = ctx;
        var dialogs = ctx.Render<MudDialogProvider>();
        var card = Card(ctx, Summary(WorkspaceState.Failed, "no such folder") with { Id = id, Name = "pets", IsDemo = false }, isAdmin: true);

        var deleting = card.ClickOn("button.workspace-delete"); // done once the dialog is answered
        dialogs.WaitForAssertion(() => Assert.Contains(dialogs.FindAll("button"), b => b.TextContent.Trim() == "Delete"), Wait);
        await dialogs.ClickOn("button", b => b.TextContent.Trim() == "Delete");
        await deleting;

        Assert.Equal("Deleting a workspace needs the admin role, which 'vera' does not hold.",
            ctx.Services.GetRequiredService<ISnackbar>().ShownSnackbars.Single().Message);
        await using var db = await Seeded.Factory.CreateDbContextAsync();
        Assert.True(await db.Workspaces.AnyAsync(w => w.Name == "pets"));
    }

    /// <summary>An imported workspace whose import stage failed; returns its id.</summary>
    private async Task<int> AddFailedImportAsync(string name, string importedFrom, string error)
    {
        await using var db = await Seeded.Factory.CreateDbContextAsync();
        var now = DateTimeOffset.UtcNow;
        var ws = new Workspace { Name = name, CorpusPath = importedFrom, ImportedFrom = importedFrom, State = WorkspaceState.Failed, CreatedAt = now, UpdatedAt = now };
        db.Workspaces.Add(ws);
        await db.SaveChangesAsync();
        db.Jobs.Add(new PreparationJob
        {
            WorkspaceId = ws.Id, Stage = "import", Title = "import the corpus", Attempt = 1, State = JobState.Failed, StartedAt = now, EndedAt = now, Error = error,
        });
        await db.SaveChangesAsync();
        return ws.Id;
    }

    /// <summary>The workspace ids waiting in the preparation queue (nothing runs them here).</summary>
    private static async Task<List<int>> QueuedAsync(BunitContext ctx)
    {
        var queued = new List<int>();
        using var soon = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        try
        {
            await foreach (var id in ctx.Services.GetRequiredService<PreparationQueue>().ReadAllAsync(soon.Token)) queued.Add(id);
        }
        catch (OperationCanceledException)
        {
            // the queue is drained
        }
        return queued;
    }
}
