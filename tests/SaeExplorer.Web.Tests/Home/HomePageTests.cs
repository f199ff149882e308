using System.Net;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Testing;

namespace SaeExplorer.Web.Tests.Home;

public sealed class HomePageTests : IClassFixture<SaexAppFactory>
{
    private readonly SaexAppFactory _app;

    public HomePageTests(SaexAppFactory app) => _app = app;

    [Fact]
    public async Task HomeShowsTheReadyDemoWorkspaceWithEveryPackImageEncoded()
    {
        var ws = await _app.WaitForDemoAsync(TimeSpan.FromMinutes(2));
        Assert.True(ws.State == WorkspaceState.Ready, await _app.LastJobAsync(ws.Name));

        using var client = _app.CreateClient();
        var response = await client.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("SAE Explorer", html);
        Assert.Contains("id=\"workspace-demo\"", html);
        Assert.Contains(">ready<", html);
        Assert.Matches("class=\"workspace-images\"[^>]*>12<", html); // every image of the tiny pack
        Assert.Matches("class=\"workspace-space\"[^>]*>resnet18 · ResNet18.onnx · 512-d<", WebUtility.HtmlDecode(html));
    }

    [Theory]
    [InlineData("/no-such-page")]
    [InlineData("/%ff%fe/..%2f?x=<script>&y=%zz")]
    public async Task UnknownAddressesGiveAFriendlyNotFound(string url)
    {
        using var client = _app.CreateClient();
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Not found", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
