using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SaeExplorer.Testing;
using SaeExplorer.Web.Services.Images;

namespace SaeExplorer.Web.Tests.Images;

/// <summary>A corpus URL must not make the server reach its own machine or network (the default).</summary>
public sealed class PrivateAddressTests : IAsyncLifetime
{
    private sealed class PublicOnlyApp : UrlCorpusApp
    {
        protected override bool AllowPrivateAddresses => false;
    }

    private readonly PublicOnlyApp _app = new();
    private TestOrigin _origin = null!;

    public async Task InitializeAsync() =>
        _origin = await TestOrigin.StartAsync(app => app.MapGet("/secret.jpg", () => Results.Text("internal")));

    public async Task DisposeAsync()
    {
        await _origin.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task ALoopbackUrlIsRefusedWithoutReachingIt()
    {
        var id = await _app.AddImageAsync(_origin.Url("/secret.jpg"));
        using var client = _app.CreateClient();

        var response = await client.GetAsync($"/thumbs/{UrlCorpusApp.Workspace}/{id}?size=160");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("not a public address", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, _origin.Hits("/secret.jpg"));
    }

    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("172.32.0.1", true)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("93.184.216.34", true)]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946", true)]
    public void OnlyPublicAddressesArePublic(string address, bool isPublic) =>
        Assert.Equal(isPublic, PublicAddressConnector.IsPublic(IPAddress.Parse(address)));
}
