using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Testing;
using SaeExplorer.Web.Components.Pages.Workspaces;
using SaeExplorer.Web.Tests.Grouping;
using SaeExplorer.Web.Tests.Labels;

namespace SaeExplorer.Web.Tests.Workspaces;

/// <summary>The New workspace page over a migrated database that already holds a workspace named "demo": for admins only.</summary>
public sealed class NewWorkspacePageTests : SeededPageTests
{
    /// <summary>The page as <paramref name="role"/> sees it, with web import reading <paramref name="roots"/>.</summary>
    private async Task<(BunitContext Ctx, IRenderedComponent<NewWorkspace> Page)> OpenAsync(Role role, params string[] roots)
    {
        var (ctx, _) = await SignedInAsync(role);
        ctx.Services.AddSingleton(Seeded.Options with { ImportRoots = roots });
        var page = ctx.Render<NewWorkspace>();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-progress-circular")), Wait);
        return (ctx, page);
    }

    [Fact]
    public async Task WithoutImportRootsThePageSaysWebImportIsOffAndHowToImportInstead()
    {
        var (ctx, page) = await OpenAsync(Role.Admin);
        await using var _ = ctx;

        Assert.Contains("Saex:ImportRoots", page.Find("#import-off").TextContent);
        Assert.Contains("saex import-corpus", page.Find("#import-off").TextContent);
        Assert.Empty(page.FindAll("#import-create"));
    }

    [Fact]
    public async Task WithARootTheFormNamesItAndRefusesAnEmptyRequestWithAReason()
    {
        var (ctx, page) = await OpenAsync(Role.Admin, "/srv/corpora");
        await using var _ = ctx;
        Assert.Contains("/srv/corpora", page.Markup);

        await page.ClickOn("button#import-create");

        Assert.Equal("Give the workspace a name.", page.Find("#import-problem").TextContent.Trim());
    }

    [Fact]
    public async Task ANameInUseIsRefusedBeforeAnythingIsQueued()
    {
        var (ctx, page) = await OpenAsync(Role.Admin, ImportsRoot);
        await using var _ = ctx;

        await FillAsync(page, "demo");

        Assert.Equal("There is already a workspace named 'demo'.", page.Find("#import-problem").TextContent.Trim());
        await using var db = await Seeded.Factory.CreateDbContextAsync();
        Assert.Equal(1, await db.Workspaces.CountAsync());
    }

    [Theory]
    [MemberData(nameof(EveryRole), MemberType = typeof(SeededPageTests))]
    public async Task OnlyAnAdminGetsTheFormAndTheServerFoldersEveryoneElseIsToldWhichRoleIsNeeded(Role role)
    {
        var (ctx, page) = await OpenAsync(role, "/srv/corpora");
        await using var _ = ctx;

        var admin = role == Role.Admin;
        Assert.Equal(admin, page.FindAll("#import-create").Count == 1);
        Assert.Equal(admin, page.Markup.Contains("/srv/corpora"));
        if (!admin)
        {
            Assert.Contains("Creating, retrying and deleting workspaces needs the admin role.", page.Find("#import-admin-only").TextContent);
            Assert.Equal("/account/login?returnUrl=/workspaces/new", page.Find("#import-admin-only a").GetAttribute("href"));
        }
    }

    [Fact]
    public async Task AnAdminWhoseRoleWasTakenBackSinceThePageOpenedIsRefusedNamingTheRoleAndNothingIsCreated()
    {
        var (ctx, page) = await OpenAsync(Role.Admin, ImportsRoot);
        await using var _ = ctx;
        await using (var db = await Seeded.Factory.CreateDbContextAsync())
            await db.UserRoles.ExecuteDeleteAsync();

        await FillAsync(page, "pets");

        Assert.Equal("Creating a workspace needs the admin role, which 'ada' does not hold.", page.Find("#import-problem").TextContent.Trim());
        await using var check = await Seeded.Factory.CreateDbContextAsync();
        Assert.False(await check.Workspaces.AnyAsync(w => w.Name == "pets"));
    }

    private string ImportsRoot => Path.Combine(Seeded.Directory, "imports");

    /// <summary>Asks for a two-image pack in the import root ("pets") as a workspace named <paramref name="name"/>.</summary>
    private async Task FillAsync(IRenderedComponent<NewWorkspace> page, string name)
    {
        var corpus = Path.Combine(ImportsRoot, "pets");
        TinyPack.Write(corpus, 2);
        await page.InputOn("#import-path", corpus);
        page.Find("#import-path").Blur();
        await page.ChangeOn("#import-name", name);
        await page.ClickOn("button#import-create");
    }
}
