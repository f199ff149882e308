using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Data;
using SaeExplorer.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;

namespace SaeExplorer.Web.Tests.Grouping;

/// <summary>
/// Uploads through the API on the real app (tiny demo pack, ResNet18, trained SAE): encoded with the workspace's own
/// encoder, kept by content hash, taken apart; every bad input refused with its reason and nothing stored.
/// </summary>
public sealed class UploadApiTests(SaexAppFactory app) : IClassFixture<SaexAppFactory>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static byte[] Png(int seed)
    {
        using var image = TinyPack.Draw(seed, TinyPack.Categories[seed % 4]);
        using var stream = new MemoryStream();
        image.Save(stream, new PngEncoder());
        return stream.ToArray();
    }

    private static MultipartFormDataContent Form(byte[] bytes, string name, string contentType)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return new MultipartFormDataContent { { file, "file", name } };
    }

    private async Task<(int Uploads, int Files)> StoredAsync()
    {
        await using var db = await app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<SaexDbContext>>().CreateDbContextAsync();
        var folder = Path.Combine(app.DataDirectory, "workspaces", "demo", "uploads");
        return (await db.Uploads.CountAsync(), Directory.Exists(folder) ? Directory.GetFiles(folder).Length : 0);
    }

    [Fact]
    public async Task AnUploadIsEncodedTakenApartAndStoredOnceUnderItsHash()
    {
        using var client = await app.ReadyClientAsync();
        var bytes = Png(101);

        var first = await client.PostAsync("/api/workspaces/demo/images", Form(bytes, "cat.png", "image/png"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var body = await first.Content.ReadFromJsonAsync<JsonElement>(Json);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        Assert.Equal($"u/{hash}", body.GetProperty("id").GetString());
        Assert.StartsWith($"/images/demo/u/{hash}?", first.Headers.Location!.OriginalString);
        var features = body.GetProperty("features").EnumerateArray().ToList();
        Assert.NotEmpty(features);
        var sweep = body.GetProperty("sweep").EnumerateArray().ToList();
        var chosen = body.GetProperty("chosenK").GetInt32();
        Assert.Equal(Math.Min(20, features.Count), sweep.Count);
        Assert.Equal(chosen, body.GetProperty("groups").GetArrayLength());
        var grouped = body.GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("features").EnumerateArray().Select(f => f.GetInt32())).Order();
        Assert.Equal(features.Select(f => f.GetProperty("feature").GetInt32()).Order(), grouped);

        // The same bytes again are the same image; its page and thumbnail work.
        var again = await client.PostAsync("/api/workspaces/demo/images", Form(bytes, "renamed.png", "image/png"));
        Assert.Equal($"u/{hash}", (await again.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("id").GetString());
        Assert.Equal((1, 1), await StoredAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/images/demo/u/{hash}")).StatusCode);
        Assert.Equal("image/jpeg", (await client.GetAsync($"/thumbs/demo/u/{hash}?size=96")).Content.Headers.ContentType?.MediaType);
        var groups = await client.GetFromJsonAsync<JsonElement>($"/api/workspaces/demo/images/u/{hash}/groups?tau=50%25", Json);
        Assert.Equal("50%", groups.GetProperty("tau").GetString());
    }

    public static TheoryData<string, byte[], string, string> BadUploads => new()
    {
        { "zero bytes", [], "image/png", "is empty" },
        { "not an image", "hello, world"u8.ToArray(), "image/png", "not an image (unknown format)" },
        { "corrupt PNG", Png(3)[..60], "image/png", "truncated or corrupt" },
        { "huge header", SaeExplorer.Core.Tests.Imaging.PngBytes.HeaderOnly(50_000, 50_000), "image/png", "50000x50000" },
        { "wrong content type", Png(4), "text/html", "was sent as text/html" },
        { "a BMP", Bmp(), "image/bmp", "was sent as image/bmp" },
    };

    [Theory]
    [MemberData(nameof(BadUploads))]
    public async Task ABadUploadIsRefusedWithItsReasonAndNothingIsStored(string what, byte[] bytes, string contentType, string reason)
    {
        using var client = await app.ReadyClientAsync();
        var before = await StoredAsync();

        var response = await client.PostAsync("/api/workspaces/demo/images", Form(bytes, $"{what}.png", contentType));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(reason, (await response.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("detail").GetString());
        Assert.Equal(before, await StoredAsync());
    }

    [Fact]
    public async Task AnUploadOverTheLimitIsRefusedBeforeItIsRead()
    {
        using var client = await app.ReadyClientAsync();
        var response = await client.PostAsync("/api/workspaces/demo/images", Form(new byte[21 * 1024 * 1024], "big.png", "image/png"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("Images:MaxBytes", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/api/workspaces/demo/images/00001/groups?k=0", HttpStatusCode.BadRequest, "k = 0 is outside")]
    [InlineData("/api/workspaces/demo/images/00001/groups?tau=-2", HttpStatusCode.BadRequest, "tau '-2'")]
    [InlineData("/api/workspaces/demo/images/00001/groups?restarts=x", HttpStatusCode.BadRequest, "restarts 'x'")]
    [InlineData("/api/workspaces/demo/images/nope/groups", HttpStatusCode.NotFound, "has no image 'nope'")]
    [InlineData("/api/workspaces/nope/images/00001/groups", HttpStatusCode.NotFound, "no workspace named 'nope'")]
    [InlineData("/api/groups/aaaaaaaaaaaaaaaa", HttpStatusCode.NotFound, "no shared group")]
    [InlineData("/api/groups/..%2F..%2Fetc", HttpStatusCode.NotFound, "no shared group")]
    public async Task TamperedGroupingRequestsAndUnknownSlugsAreProblemsSayingWhy(string url, HttpStatusCode status, string detail)
    {
        using var client = await app.ReadyClientAsync();
        var response = await client.GetAsync(url);
        Assert.Equal(status, response.StatusCode);
        Assert.Contains(detail, (await response.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ACorpusImagesGroupsComeWithTheWholeSweep()
    {
        using var client = await app.ReadyClientAsync();
        var body = await client.GetFromJsonAsync<JsonElement>("/api/workspaces/demo/images/00001/groups?kmax=5&tau=20%25", Json);
        var steps = body.GetProperty("sweep").EnumerateArray().ToList();
        Assert.InRange(steps.Count, 1, 5);
        var chosen = body.GetProperty("chosenK").GetInt32();
        var threshold = body.GetProperty("threshold").GetDouble();
        // The rule: the largest k whose smallest group reaches tau.
        var passing = steps.Where(s => s.GetProperty("minMass").GetDouble() >= threshold).Select(s => s.GetProperty("k").GetInt32()).ToList();
        Assert.Equal(passing.Count > 0 ? passing.Max() : 1, chosen);
        Assert.Equal(20 * body.GetProperty("totalMass").GetDouble() / 100, threshold, 6);
    }

    private static byte[] Bmp()
    {
        using var image = TinyPack.Draw(1, "red");
        using var stream = new MemoryStream();
        image.SaveAsBmp(stream);
        return stream.ToArray();
    }
}
