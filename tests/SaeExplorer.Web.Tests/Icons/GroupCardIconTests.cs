using Bunit;
using SaeExplorer.Testing;
using SaeExplorer.Web.Components.Pages.Images;
using SaeExplorer.Web.Tests.Grouping;

namespace SaeExplorer.Web.Tests.Icons;

/// <summary>Group cards on the image page show their member features' icons.</summary>
public sealed class GroupCardIconTests : SeededPageTests
{
    [Fact]
    public async Task EachMemberShowsItsIconOrAQuietDash()
    {
        // img-2 ([1, 1, 1, 1]) is four groups of one feature each: f0, f1, f2, f3; icons exist for f0 and f2.
        await using var ctx = Context("/images/demo/img-2");
        await SeededIcons.WriteAsync(ctx.Services);
        var page = ctx.Render<ImagePage>(p => p.Add(c => c.Workspace, SeededWorkspace.Name).Add(c => c.ImageId, "img-2"));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("#group-cards .member-icon img").Count), Wait); // each card reads the set

        var icons = page.FindAll("#group-cards .group-members tr").ToDictionary(
            r => r.QuerySelector(".member-link")!.TextContent.Trim(), r => r.QuerySelector(".member-icon")!);
        Assert.Equal(["#0", "#1", "#2", "#3"], icons.Keys.Order());
        Assert.Equal("/api/workspaces/demo/features/0/icon?size=40", icons["#0"].QuerySelector("img")!.GetAttribute("src"));
        Assert.Equal("/api/workspaces/demo/features/2/icon?size=40", icons["#2"].QuerySelector("img")!.GetAttribute("src"));
        Assert.Null(icons["#1"].QuerySelector("img"));
        Assert.Equal("–", icons["#1"].TextContent.Trim());
    }
}
