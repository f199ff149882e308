using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Data;
using SaeExplorer.Data.Configuration;
using SaeExplorer.Web.Components.Pages.Workspaces;
using SaeExplorer.Web.Services.Preparation;
using SaeExplorer.Web.Services.Workspaces;

namespace SaeExplorer.Web.Tests.Workspaces;

public sealed class NewWorkspacePageTests
{
    private static BunitContext Context(params string[] roots)
    {
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        var db = new DbContextOptionsBuilder<SaexDbContext>().UseSqlite("Data Source=:memory:").Options;
        ctx.Services.AddSingleton(new WorkspaceImports(new PooledDbContextFactory<SaexDbContext>(db), new SaexOptions { ImportRoots = roots }, new EncoderOptions(), new PreparationQueue()));
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

        await page.Find("button#import-create").ClickAsync(new());

        Assert.Equal("Give the workspace a name.", page.Find("#import-problem").TextContent.Trim());
    }
}
