using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Core.Rendering;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Data;
using SaeExplorer.Data.Accounts;
using SaeExplorer.Testing;
using SaeExplorer.Web.Services.Rendering;
using SaeExplorer.Web.Tests.Rendering;

namespace SaeExplorer.Web.Tests.Operations;

/// <summary>
/// /healthz on the real app over a seeded workspace: one JSON report with each check's status and reason; 200 while
/// healthy or degraded, 503 when unhealthy.
/// </summary>
public sealed class HealthEndpointTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> HealthAsync(SeededApp app, string? token = null)
    {
        using var client = app.CreateClient();
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await client.GetAsync("/healthz");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    private static string Detail(JsonElement body, string name) => body.GetProperty("checks").GetProperty(name).GetProperty("detail").GetString()!;

    private static async Task<string> TokenAsync(SeededApp app, string name, string role)
    {
        var id = await TestUsers.AddAsync(app.Services.GetRequiredService<IDbContextFactory<SaexDbContext>>(), name, role);
        return (await app.Services.GetRequiredService<ApiTokenStore>().CreateAsync(id, "health test")).Token;
    }

    private static (string Status, string Reason) Check(JsonElement body, string name)
    {
        var check = body.GetProperty("checks").GetProperty(name);
        return (check.GetProperty("status").GetString()!, check.GetProperty("reason").GetString()!);
    }

    [Fact]
    public async Task AHealthyAppReportsEachCheckWithItsReason()
    {
        using var seeded = await SeededWorkspace.CreateAsync();
        using var app = new SeededApp(seeded);
        var (status, body) = await HealthAsync(app);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal(["database", "encoder", "sae-files", "kandinsky", "render-queue"], body.GetProperty("checks").EnumerateObject().Select(c => c.Name));
        Assert.Equal(("Healthy", "the database answers: 1 workspace"), Check(body, "database"));
        Assert.Matches(@"^resnet18 from ResNet18\.onnx: 512-d, sha256:[0-9a-f]+$", Check(body, "encoder").Reason);
        Assert.Equal(("Healthy", "the active SAE files of 1 workspace are there"), Check(body, "sae-files"));
        Assert.Equal(("Healthy", "not configured: Render:Renderer is retrieval"), Check(body, "kandinsky"));
        Assert.Equal(("Healthy", "no render yet"), Check(body, "render-queue"));
    }

    [Fact]
    public async Task MissingModelFilesAndAFullRenderQueueAreDegradedWithTheReasonAndStill200()
    {
        using var seeded = await SeededWorkspace.CreateAsync();
        using var app = new SeededApp(seeded)
        {
            Settings = new Dictionary<string, string?>
            {
                ["Render:Renderer"] = "kandinsky", ["Kandinsky:UnetPath"] = Path.Combine(seeded.Directory, "no-unet.onnx"),
                ["Render:QueueCapacity"] = "2",
            },
        };
        File.Delete(Path.Combine(seeded.Directory, "sae", SaeLensLoader.WeightsFile));
        var renderer = new FakeRenderer("health-gpu", gated: true);
        var worker = app.Services.GetRequiredService<RenderWorkers>().For("health-gpu");
        // The first render starts before the others queue: with a capacity of 2, a third queued behind two would be refused.
        var renders = new List<Task<RenderResult>> { worker.Submit("user-0", renderer, FakeRenderer.Request(0)).Completion! };
        var running = await renderer.NextStartAsync();
        renders.AddRange(Enumerable.Range(1, 2).Select(i => worker.Submit($"user-{i}", renderer, FakeRenderer.Request(i)).Completion!));

        var (status, body) = await HealthAsync(app);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Degraded", body.GetProperty("status").GetString());
        Assert.Equal(("Degraded", $"demo: its SAE's {SaeLensLoader.WeightsFile} is missing"), Check(body, "sae-files"));
        Assert.Equal(("Degraded", "Kandinsky:UnetPath names a missing file; Kandinsky:MovqDecoderPath is not set: " +
                                  "renders fall back to nearest corpus images"), Check(body, "kandinsky"));
        Assert.Equal(("Degraded", "render queue nearly full (health-gpu: 2 of 2 waiting)"), Check(body, "render-queue"));
        Assert.Equal("Healthy", Check(body, "database").Status);
        // Where the files were looked for is for admins: anyone else sees no server path.
        Assert.DoesNotContain(seeded.Directory, body.GetRawText());
        var labeller = (await HealthAsync(app, await TokenAsync(app, "lena", SaexRoles.Labeller))).Body;
        Assert.DoesNotContain(seeded.Directory, labeller.GetRawText());
        var admin = (await HealthAsync(app, await TokenAsync(app, "ada", SaexRoles.Admin))).Body;
        Assert.Equal($"demo: {Path.Combine(seeded.Directory, "sae", SaeLensLoader.WeightsFile)}", Detail(admin, "sae-files"));
        Assert.Equal($"Kandinsky:UnetPath: {Path.Combine(seeded.Directory, "no-unet.onnx")}", Detail(admin, "kandinsky"));
        Assert.False(admin.GetProperty("checks").GetProperty("database").TryGetProperty("detail", out _));

        running.Finish();
        (await renderer.NextStartAsync()).Finish();
        (await renderer.NextStartAsync()).Finish();
        await Task.WhenAll(renders);
        Assert.Equal(("Healthy", "health-gpu: 0 of 2 waiting"), Check((await HealthAsync(app)).Body, "render-queue"));
    }

    [Fact]
    public async Task AnSaeImportedAsOneFileIsCheckedForThatFile()
    {
        using var seeded = await SeededWorkspace.CreateAsync();
        using var app = new SeededApp(seeded);
        var factory = app.Services.GetRequiredService<IDbContextFactory<SaexDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
            await db.Saes.ExecuteUpdateAsync(s => s.SetProperty(x => x.Format, "pth"));

        // The weights folder of an imported .pth holds sae.pth and no cfg.json: only the file it loads counts.
        Assert.Equal(("Degraded", "demo: its SAE's sae.pth is missing"), Check((await HealthAsync(app)).Body, "sae-files"));
        await File.WriteAllBytesAsync(Path.Combine(seeded.Directory, "sae", "sae.pth"), [0x50, 0x4b]);
        Directory.EnumerateFiles(Path.Combine(seeded.Directory, "sae"), "*.json").ToList().ForEach(File.Delete);
        Assert.Equal(("Healthy", "the active SAE files of 1 workspace are there"), Check((await HealthAsync(app)).Body, "sae-files"));
    }

    [Fact]
    public async Task ADatabaseThatDoesNotAnswerIsUnhealthyAnd503()
    {
        using var seeded = await SeededWorkspace.CreateAsync();
        using var app = new SeededApp(seeded);
        Assert.Equal(HttpStatusCode.OK, (await HealthAsync(app)).Status);

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var database = seeded.Options.Database;
        foreach (var file in new[] { database + "-wal", database + "-shm" }) File.Delete(file);
        await File.WriteAllTextAsync(database, new string('x', 4096)); // not a database any more
        var (status, body) = await HealthAsync(app);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        var (check, reason) = Check(body, "database");
        Assert.Equal("Unhealthy", check);
        Assert.StartsWith("the database does not answer: ", reason);
        Assert.Contains("not a database", reason);
    }

    [Fact]
    public async Task MetricsAreOffWithAnEmptyPath()
    {
        using var seeded = await SeededWorkspace.CreateAsync();
        using var app = new SeededApp(seeded) { Settings = new Dictionary<string, string?> { ["Operations:MetricsPath"] = "" } };
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }
}
