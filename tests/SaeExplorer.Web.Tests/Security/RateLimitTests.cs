using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Data.Accounts;
using SaeExplorer.Data.Labels;
using SaeExplorer.Testing;

namespace SaeExplorer.Web.Tests.Security;

/// <summary>
/// Per-user rate limits (RateLimits:*): past its burst a user's write or upload is answered 429 with problem details that
/// name the setting and a Retry-After, nothing of it is written, and another user's bucket is untouched.
/// </summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private SeededWorkspace _seeded = null!;
    private SeededApp _seededApp = null!;
    private WebApplicationFactory<Program> _app = null!;
    private readonly Dictionary<string, string> _tokens = [];

    public async Task InitializeAsync()
    {
        _seeded = await SeededWorkspace.CreateAsync();
        var ids = new Dictionary<string, string>
        {
            ["lara"] = await TestUsers.AddAsync(_seeded.Factory, "lara", SaexRoles.Labeller),
            ["otto"] = await TestUsers.AddAsync(_seeded.Factory, "otto", SaexRoles.Labeller),
        };
        _seededApp = new SeededApp(_seeded);
        _app = _seededApp.WithWebHostBuilder(b =>
        {
            b.UseSetting("RateLimits:WriteBurst", "3");
            b.UseSetting("RateLimits:WritesPerMinute", "1");
            b.UseSetting("RateLimits:UploadBurst", "2");
            b.UseSetting("RateLimits:UploadsPerMinute", "1");
        });
        foreach (var (name, id) in ids) _tokens[name] = (await _app.Services.GetRequiredService<ApiTokenStore>().CreateAsync(id, "t")).Token;
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        _seededApp.Dispose();
        _seeded.Dispose();
        return Task.CompletedTask;
    }

    private HttpClient Client(string? user)
    {
        var client = _app.CreateClient();
        if (user is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _tokens[user]);
        return client;
    }

    [Fact]
    public async Task PastItsBurstAUsersWriteIs429AndNothingOfItIsWritten()
    {
        using var lara = Client("lara");
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Created, (await lara.PostAsJsonAsync("/api/workspaces/demo/features/3/labels", new { text = $"label {i}" })).StatusCode);

        var refused = await lara.PostAsJsonAsync("/api/workspaces/demo/features/3/labels", new { text = "one too many" });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("RateLimits:WritesPerMinute", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After says when to try again");
        var labels = await _app.Services.GetRequiredService<LabelStore>().ForTargetAsync(new LabelTarget.OfFeature(_seeded.SaeId, 3), null);
        Assert.Equal(["label 0", "label 1", "label 2"], labels.Select(l => l.Text).Order());

        // The bucket is lara's: otto writes on.
        using var otto = Client("otto");
        Assert.Equal(HttpStatusCode.Created, (await otto.PostAsJsonAsync("/api/workspaces/demo/features/3/labels", new { text = "otto's" })).StatusCode);
    }

    [Fact]
    public async Task PastItsBurstAnUploadIs429()
    {
        using var anonymous = Client(null);
        MultipartFormDataContent Junk() => new() { { new ByteArrayContent("not an image"u8.ToArray()), "file", "x.png" } };
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.PostAsync("/api/workspaces/demo/images", Junk())).StatusCode); // refused as input
        var refused = await anonymous.PostAsync("/api/workspaces/demo/images", Junk());
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("RateLimits:UploadsPerMinute", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }
}
