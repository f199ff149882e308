using System.Net;
using SaeExplorer.Web.Tests.Home;
using SixLabors.ImageSharp;

namespace SaeExplorer.Web.Tests.Images;

public sealed class ThumbnailEndpointTests : IClassFixture<BrokenPackTests.BrokenPackApp>
{
    private readonly BrokenPackTests.BrokenPackApp _app;

    public ThumbnailEndpointTests(BrokenPackTests.BrokenPackApp app) => _app = app;

    [Fact]
    public async Task AThumbnailIsAJpegWithinTheSizeAndRevalidatesByETag()
    {
        using var client = await _app.ReadyClientAsync();

        var response = await client.GetAsync("/thumbs/demo/00002?size=64");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        var etag = response.Headers.ETag;
        Assert.NotNull(etag);
        using (var image = Image.Load(await response.Content.ReadAsByteArrayAsync()))
            Assert.True(Math.Max(image.Width, image.Height) <= 96, $"{image.Width}x{image.Height} for size 64 (snapped to 96)");

        using var again = new HttpRequestMessage(HttpMethod.Get, "/thumbs/demo/00002?size=64");
        again.Headers.IfNoneMatch.Add(etag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);
    }

    [Theory]
    [InlineData("/thumbs/demo/99999")]
    [InlineData("/thumbs/nope/00001")]
    [InlineData("/thumbs/demo/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/thumbs/demo/images/00001.jpg")]
    public async Task UnknownImagesAndRawPathsAreNotFound(string url)
    {
        using var client = await _app.ReadyClientAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task ABrokenImageGivesAProblemWithItsReason()
    {
        using var client = await _app.ReadyClientAsync();
        var response = await client.GetAsync("/thumbs/demo/text");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("not an image", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task NonNumericSizesAreRejectedNotCrashed()
    {
        using var client = await _app.ReadyClientAsync();
        var response = await client.GetAsync("/thumbs/demo/00001?size=huge");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
