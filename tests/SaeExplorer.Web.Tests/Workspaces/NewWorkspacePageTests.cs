using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using SaeExplorer.Core.Settings;
using SaeExplorer.Data;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Testing;
using SaeExplorer.Web.Components.Pages.Workspaces;
using SaeExplorer.Web.Services.Preparation;
using SaeExplorer.Web.Services.Workspaces;

namespace SaeExplorer.Web.Tests.Workspaces;

/// <summary>The New workspace page over a migrated database that already holds a workspace named "demo".</summary>
public sealed class NewWorkspacePageTests : IAsyncLifetime
{
    private SeededWorkspace _seeded = null!;

    public async Task InitializeAsync() => _seeded = await SeededWorkspace.CreateAsync();

    public Task DisposeAsync()
    {
        _seeded.Dispose();
        return Task.CompletedTask;
    }

    private BunitContext Context(params string[] roots)
    {
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        var options = _seeded.Options with { ImportRoots = roots };
        ctx.Services.AddSingleton(new WorkspaceImports(_seeded.Factory, new WorkspaceQueries(_seeded.Factory, options), options, new PreparationQueue()));
        return ctx;
    }

    [Fact]
    public async Task WithoutImportRootsThePageSaysWebImportIsOffAndHowToImportInstead()
    {
        await using var ctx = Context();

        var page = ctx.Render<NewWorkspace>();

        Assert.Contains("Saex:ImportRoots", page.Find("#import-off").TextContent);
        Assert.Contains("saex import-corpus", page.Find("#import-off").TextContent);
        Assert.Empty(page.FindAll("#import-create"));
    }

    [Fact]
    public async Task WithARootTheFormNamesItAndRefusesAnEmptyRequestWithAReason()
    {
        await using var ctx = Context("/srv/corpora");
        var page = ctx.Render<NewWorkspace>();
        Assert.Contains("/srv/corpora", page.Markup);

        await page.ClickOn("button#import-create");

        Assert.Equal("Give the workspace a name.", page.Find("#import-problem").TextContent.Trim());
    }

    [Fact]
    public async Task ANameInUseIsRefusedBeforeAnythingIsQueued()
    {
        var corpus = Path.Combine(_seeded.Directory, "imports", "pets");
        TinyPack.Write(corpus, 2);
        await using var ctx = Context(Path.Combine(_seeded.Directory, "imports"));
        var page = ctx.Render<NewWorkspace>();

        await page.InputOn("#import-path", corpus);
        page.Find("#import-path").Blur();
        await page.ChangeOn("#import-name", "demo");
        await page.ClickOn("button#import-create");

        Assert.Equal("There is already a workspace named 'demo'.", page.Find("#import-problem").TextContent.Trim());
        await using var db = await _seeded.Factory.CreateDbContextAsync();
        Assert.Equal(1, await db.Workspaces.CountAsync());
    }
}
