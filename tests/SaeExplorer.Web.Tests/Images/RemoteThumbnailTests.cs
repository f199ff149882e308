using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SaeExplorer.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SaeExplorer.Web.Tests.Images;

/// <summary>Thumbnails of images known only by URL, fetched from a local origin server.</summary>
public sealed class RemoteThumbnailTests : IClassFixture<UrlCorpusApp>, IAsyncLifetime
{
    private static readonly byte[] Photo = Jpeg(200, 150);
    private readonly UrlCorpusApp _app;
    private TestOrigin _origin = null!;

    public RemoteThumbnailTests(UrlCorpusApp app) => _app = app;

    public async Task InitializeAsync() => _origin = await TestOrigin.StartAsync(Routes);

    public async Task DisposeAsync() => await _origin.DisposeAsync();

    private static void Routes(WebApplication app)
    {
        app.MapGet("/photo.jpg", () => Results.File(Photo, "image/jpeg"));
        app.MapGet("/other.jpg", () => Results.File(Photo, "image/jpeg"));
        app.MapGet("/slow.jpg", async () =>
        {
            await Task.Delay(400);
            return Results.File(Photo, "image/jpeg");
        });
        app.MapGet("/missing.jpg", () => Results.NotFound());
        app.MapGet("/page.html", () => Results.Content("<html><body>not a picture</body></html>", "text/html"));
        app.MapGet("/declared-huge.jpg", () => Results.File(new byte[UrlCorpusApp.MaxBytes + 1], "image/jpeg"));
        // No Content-Length: the limit has to be counted while streaming.
        app.MapGet("/streamed-huge.jpg", async (HttpResponse response) =>
        {
            response.ContentType = "image/jpeg";
            await response.Body.WriteAsync(Photo.AsMemory(0, 2));
            for (var sent = 0L; sent <= UrlCorpusApp.MaxBytes; sent += 8192) await response.Body.WriteAsync(new byte[8192]);
        });
        app.MapGet("/hang.jpg", async (CancellationToken ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), ct);
            return Results.File(Photo, "image/jpeg");
        });
        app.MapGet("/to-photo", () => Results.Redirect("/redirected.jpg"));
        app.MapGet("/redirected.jpg", () => Results.File(Photo, "image/jpeg"));
        app.MapGet("/to-javascript", (HttpResponse r) => { r.StatusCode = 302; r.Headers.Location = "javascript:alert(1)"; });
        app.MapGet("/to-file", (HttpResponse r) => { r.StatusCode = 302; r.Headers.Location = "file:///etc/passwd"; });
    }

    private static byte[] Jpeg(int width, int height)
    {
        using var image = new Image<Rgb24>(width, height, new Rgb24(200, 60, 20));
        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream);
        return stream.ToArray();
    }

    private static string Thumb(string id, int size = 160) => $"/thumbs/{UrlCorpusApp.Workspace}/{id}?size={size}";

    [Fact]
    public async Task AUrlImageIsFetchedOnceThenServedFromTheDiskCacheAtEverySize()
    {
        var id = await _app.AddImageAsync(_origin.Url("/photo.jpg"), "a red field");
        using var client = _app.CreateClient();

        var first = await client.GetAsync(Thumb(id));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("image/jpeg", first.Content.Headers.ContentType?.MediaType);
        using (var image = Image.Load(await first.Content.ReadAsByteArrayAsync()))
            Assert.Equal((160, 120), (image.Width, image.Height));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(_app.DataDirectory, "cache", "thumbs"), "url-*-160.jpg"));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Thumb(id))).StatusCode);
        var small = await client.GetAsync(Thumb(id, 96));
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        using (var image = Image.Load(await small.Content.ReadAsByteArrayAsync()))
            Assert.Equal(96, image.Width);
        Assert.Equal(1, _origin.Hits("/photo.jpg"));

        using var again = new HttpRequestMessage(HttpMethod.Get, Thumb(id));
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task ConcurrentRequestsForOneUrlShareOneFetch()
    {
        var id = await _app.AddImageAsync(_origin.Url("/slow.jpg"));
        using var client = _app.CreateClient();
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.GetAsync(Thumb(id))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, _origin.Hits("/slow.jpg"));
    }

    [Fact]
    public async Task ADeadLinkIsNotFoundQuicklyAndNotRetriedWithinTheWindow()
    {
        // A port nothing listens on: connections are refused.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var id = await _app.AddImageAsync($"http://127.0.0.1:{port}/photo.jpg");
        using var client = _app.CreateClient();

        var response = await client.GetAsync(Thumb(id));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("could not be reached", await response.Content.ReadAsStringAsync());

        // The site comes back on that port, but within the window the server does not ask again.
        await using var revived = await TestOrigin.StartAsync(Routes, port);
        var again = await client.GetAsync(Thumb(id));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Contains("could not be reached", await again.Content.ReadAsStringAsync());
        Assert.Equal(0, revived.Hits("/photo.jpg"));
    }

    [Theory]
    [InlineData("/missing.jpg", "404")]
    [InlineData("/page.html", "not an image")]
    [InlineData("/declared-huge.jpg", "limit")]
    [InlineData("/streamed-huge.jpg", "limit")]
    [InlineData("/hang.jpg", "within 5 s")]
    [InlineData("/to-javascript", "not http or https")]
    [InlineData("/to-file", "not http or https")]
    public async Task AnUnusableAnswerIsANotFoundProblemWithItsReasonAndIsRemembered(string path, string reason)
    {
        var id = await _app.AddImageAsync(_origin.Url(path));
        using var client = _app.CreateClient();
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var response = await client.GetAsync(Thumb(id));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(reason, await response.Content.ReadAsStringAsync());
        }
        Assert.Equal(1, _origin.Hits(path));
    }

    [Fact]
    public async Task ARedirectToAnotherWebAddressIsFollowed()
    {
        var id = await _app.AddImageAsync(_origin.Url("/to-photo"));
        using var client = _app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Thumb(id))).StatusCode);
        Assert.Equal(1, _origin.Hits("/redirected.jpg"));
    }

    [Theory]
    [InlineData("javascript:fetch('{0}/other.jpg')")]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://{0}/other.jpg")]
    [InlineData("//{0}/other.jpg")]
    [InlineData("other.jpg")]
    [InlineData("data:image/jpeg;base64,AAAA")]
    [InlineData("")]
    [InlineData(null)]
    public async Task AnAddressThatIsNotHttpIsNeverFetched(string? template)
    {
        var host = _origin.BaseAddress.Authority;
        var id = await _app.AddImageAsync(template == null ? null : string.Format(template, host));
        using var client = _app.CreateClient();
        var response = await client.GetAsync(Thumb(id));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("neither a file nor a web address", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, _origin.Hits("/other.jpg"));
    }
}
