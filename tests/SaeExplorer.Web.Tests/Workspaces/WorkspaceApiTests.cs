using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Indexing;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Settings;
using SaeExplorer.Data;
using SaeExplorer.Data.Accounts;
using SaeExplorer.Testing;
using SaeExplorer.Web.Services.Preparation;

namespace SaeExplorer.Web.Tests.Workspaces;

/// <summary>
/// Workspaces as an API, end to end on the real app: an SAE brought in each of its three layouts, a second SAE added
/// and picked with ?sae=, an index built elsewhere taken, and every kind of bad input refused with a message naming its
/// file, leaving no workspace, row or folder behind.
/// </summary>
public sealed class WorkspaceApiTests(SaexAppFactory app) : IClassFixture<SaexAppFactory>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private string Imports(string name) => Path.Combine(app.ImportsDirectory, $"{name}-{Guid.NewGuid():N}"[..24]);

    /// <summary>A client with a new user's API token; an admin's when <paramref name="admin"/>.</summary>
    private async Task<HttpClient> ClientAsync(bool admin = true)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<SaexDbContext>>();
        var user = await TestUsers.AddAsync(factory, $"u-{Guid.NewGuid():N}"[..14], admin ? [SaexRoles.Admin] : []);
        var (token, _) = await app.Services.GetRequiredService<ApiTokenStore>().CreateAsync(user, "tests");
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>(Json);

    /// <summary>Polls GET /api/workspaces/{ws} until every stage of it and its SAEs is done (bounded).</summary>
    private static async Task<JsonElement> ReadyAsync(HttpClient client, string workspace)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            var body = await BodyAsync(await client.GetAsync($"/api/workspaces/{workspace}"));
            if (body.GetProperty("ready").GetBoolean() || body.GetProperty("state").GetString() == "Failed" || DateTime.UtcNow > deadline) return body;
            await Task.Delay(250);
        }
    }

    /// <summary>Nothing of the workspace is left: no API entry, no row, no folder.</summary>
    private async Task AssertNothingOfAsync(HttpClient client, string workspace)
    {
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/workspaces/{workspace}")).StatusCode);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<SaexDbContext>>().CreateDbContextAsync();
        Assert.False(await db.Workspaces.AnyAsync(w => w.Name == workspace));
        Assert.False(Directory.Exists(Path.Combine(app.DataDirectory, "workspaces", workspace)));
    }

    [Theory]
    [InlineData("saelens", "saelens")]
    [InlineData("seed_layout.pth", "pth")]
    [InlineData("saev_sae.pt", "saev")]
    public async Task AnSaeFileInEachLayoutServesANewWorkspaceInPlaceOfTraining(string fixture, string format)
    {
        using var client = await ClientAsync();
        var folder = Imports(format);
        var corpus = await TinyCorpora.ClipRetrieval(Path.Combine(folder, "corpus"), 24, dimension: 16);
        var sae = SaeFixtures.CopyTo(folder, fixture);
        var name = $"byo-{format}";

        var created = await client.PostAsJsonAsync("/api/workspaces", new { name, corpus, sae });

        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        Assert.Equal($"/api/workspaces/{name}", created.Headers.Location!.OriginalString);
        var ws = await ReadyAsync(client, name);
        Assert.True(ws.GetProperty("ready").GetBoolean(), ws.ToString());
        var only = Assert.Single(ws.GetProperty("saes").EnumerateArray());
        Assert.Equal(("imported", format, "standard", 16, 48, true), (only.GetProperty("origin").GetString(), only.GetProperty("format").GetString(),
            only.GetProperty("architecture").GetString(), only.GetProperty("dIn").GetInt32(), only.GetProperty("dSae").GetInt32(),
            only.GetProperty("isDefault").GetBoolean()));
        Assert.Equal(ModelFingerprint.Of(SaeLoader.WeightsFile(sae, SaeFormat.Auto)), only.GetProperty("fingerprint").GetString());
        Assert.Equal(Path.GetFullPath(sae), only.GetProperty("source").GetString());
        Assert.Equal($"import,nearest-images,load,index,{LabelFeaturesStage.StageKey},icons", await app.CompletedStagesAsync(name));
        var features = await BodyAsync(await client.GetAsync($"/api/workspaces/{name}/features"));
        Assert.Equal(48, features.GetProperty("total").GetInt32());

        var listed = await BodyAsync(await client.GetAsync("/api/workspaces"));
        var entry = listed.EnumerateArray().Single(w => w.GetProperty("name").GetString() == name);
        Assert.Equal(("Ready", true), (entry.GetProperty("state").GetString(), entry.GetProperty("ready").GetBoolean()));
    }

    [Fact]
    public async Task ASecondSaeIsPreparedOnItsOwnPickedWithSaeAndFirstPermalinksKeepTheirMeaning()
    {
        using var client = await ClientAsync();
        var folder = Imports("two");
        var corpus = await TinyCorpora.ClipRetrieval(Path.Combine(folder, "corpus"), 24, dimension: 16);
        var first = SaeFixtures.CopyTo(folder, "saelens");
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/workspaces", new { name = "two-saes", corpus, sae = first })).StatusCode);
        Assert.True((await ReadyAsync(client, "two-saes")).GetProperty("ready").GetBoolean());
        var second = SaeFixtures.WritePth(Path.Combine(folder, "narrow.pth"), dIn: 16, dSae: 32);

        var added = await client.PostAsJsonAsync("/api/workspaces/two-saes/saes", new { sae = second });

        Assert.True(added.StatusCode == HttpStatusCode.Created, await added.Content.ReadAsStringAsync());
        var ws = await ReadyAsync(client, "two-saes");
        Assert.True(ws.GetProperty("ready").GetBoolean(), ws.ToString());
        var saes = ws.GetProperty("saes").EnumerateArray().ToList();
        Assert.Equal([("saelens", true, 48), ("narrow", false, 32)],
            saes.Select(s => (s.GetProperty("name").GetString(), s.GetProperty("isDefault").GetBoolean(), s.GetProperty("dSae").GetInt32())));
        Assert.Equal("/api/workspaces/two-saes/features?sae=narrow", saes[1].GetProperty("featuresUrl").GetString());
        Assert.Equal(32, (await BodyAsync(await client.GetAsync("/api/workspaces/two-saes/features?sae=narrow"))).GetProperty("total").GetInt32());
        Assert.Equal(48, (await BodyAsync(await client.GetAsync("/api/workspaces/two-saes/features"))).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/workspaces/two-saes/features?sae=missing")).StatusCode);

        // A permalink made before the second SAE (no ?sae=) still means the first; the second's name theirs.
        var top = await BodyAsync(await client.GetAsync("/api/workspaces/two-saes/features/3/top-images?sae=narrow"));
        Assert.NotEmpty(top.EnumerateArray());
        Assert.All(top.EnumerateArray(), t => Assert.EndsWith("?sae=narrow", t.GetProperty("pageUrl").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/workspaces/two-saes/features/40")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/workspaces/two-saes/features/40?sae=narrow")).StatusCode);
        var page = await (await client.GetAsync("/features/two-saes/40")).Content.ReadAsStringAsync();
        Assert.Contains("Feature #40", page);
        Assert.Contains("saelens", page);

        var again = await client.PostAsJsonAsync("/api/workspaces/two-saes/saes", new { sae = second, name = "narrow" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task AnIndexBuiltElsewhereForTheSaeIsTakenAndOneForAnotherSaeRefusedNamingIt()
    {
        using var client = await ClientAsync();
        var folder = Imports("idx");
        var corpus = await TinyCorpora.ClipRetrieval(Path.Combine(folder, "corpus"), 24, dimension: 16);
        var sae = SaeFixtures.CopyTo(folder, "saev_sae.pt");
        var other = SaeFixtures.WritePth(Path.Combine(folder, "other.pth"), 16, 48);
        string Build(string weights, string path)
        {
            using var data = NpyFile.Open(Path.Combine(corpus, "img_emb", "img_emb_0.npy"));
            using var model = SaeLoader.Load(weights);
            var options = new FeatureIndexOptions { TopK = 8, SaeFingerprint = ModelFingerprint.Of(weights) };
            new FeatureIndexBuilder(options).Build(new SaeFeatureSource(model), data).Save(path);
            return path;
        }
        var ours = Build(sae, Path.Combine(folder, "cluster.idx"));
        var theirs = Build(other, Path.Combine(folder, "other.idx"));

        var refused = await client.PostAsJsonAsync("/api/workspaces", new { name = "idx-other", corpus, sae, index = theirs });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var detail = (await BodyAsync(refused)).GetProperty("detail").GetString()!;
        Assert.Contains(theirs, detail);
        Assert.Contains(ModelFingerprint.Of(other), detail);
        await AssertNothingOfAsync(client, "idx-other");

        var created = await client.PostAsJsonAsync("/api/workspaces", new { name = "idx-taken", corpus, sae, index = ours });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var ws = await ReadyAsync(client, "idx-taken");
        Assert.True(ws.GetProperty("ready").GetBoolean(), ws.ToString());
        var files = WorkspaceFiles.For(app.Services.GetRequiredService<SaexOptions>(), "idx-taken")
            .SaeFolder(ws.GetProperty("saes")[0].GetProperty("name").GetString()!, first: true);
        Assert.Equal(await File.ReadAllBytesAsync(ours), await File.ReadAllBytesAsync(files.FeatureIndex));
        Assert.False(File.Exists(files.FeatureIndexCheckpoint)); // nothing was built here
    }

    public static TheoryData<string> BadInputs() => ["d_in", "nan", "truncated", "shard-width", "short-metadata"];

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task BadInputIsRefusedNamingTheFileAndLeavesNoWorkspace(string bad)
    {
        using var client = await ClientAsync();
        var folder = Imports(bad);
        var corpus = Path.Combine(folder, "corpus");
        await TinyCorpora.ClipRetrieval(corpus, 24, dimension: bad == "d_in" ? 32 : 16);
        var sae = SaeFixtures.CopyTo(folder, "seed_layout.pth");
        var (named, says) = bad switch
        {
            "d_in" => (sae, "d_in=16"),
            "nan" => (SaeFixtures.WritePth(sae, 16, 48, poison: float.NaN), "NaN"),
            "truncated" => (sae, "truncated"),
            "shard-width" => (Path.Combine("img_emb", "img_emb_1.npy"), "all shards must have the same width"),
            _ => (Path.Combine("metadata", "metadata_1.parquet"), "has 3 rows but img_emb/img_emb_1.npy has 5"),
        };
        if (bad == "truncated")
        {
            var bytes = await File.ReadAllBytesAsync(sae);
            await File.WriteAllBytesAsync(sae, bytes[..(bytes.Length * 2 / 3)]);
        }
        if (bad == "shard-width") await TinyCorpora.ClipRetrieval(corpus, 5, dimension: 12, shard: 1);
        if (bad == "short-metadata") await TinyCorpora.ClipRetrieval(corpus, 5, dimension: 16, shard: 1, metadataRows: 3);
        var name = $"bad-{bad}";

        var response = await client.PostAsJsonAsync("/api/workspaces", new { name, corpus, sae });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await BodyAsync(response)).GetProperty("detail").GetString()!;
        Assert.Contains(named, detail);
        Assert.Contains(says, detail);
        await AssertNothingOfAsync(client, name);
    }

    [Fact]
    public async Task OnlyAnAdminMakesWorkspacesOrAddsSaesAndAnyoneMayReadThem()
    {
        await app.WaitForDemoAsync(TimeSpan.FromMinutes(2));
        using var viewer = await ClientAsync(admin: false);
        var folder = Imports("viewer");
        var corpus = await TinyCorpora.ClipRetrieval(Path.Combine(folder, "corpus"), 8, dimension: 16);
        var sae = SaeFixtures.CopyTo(folder, "saelens");

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/workspaces", new { name = "by-viewer", corpus, sae })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/workspaces/demo/saes", new { sae })).StatusCode);
        await AssertNothingOfAsync(viewer, "by-viewer");

        using var anonymous = app.CreateClient();
        var demo = await BodyAsync(await anonymous.GetAsync("/api/workspaces/demo"));
        Assert.Equal(("demo", true, "trained"), (demo.GetProperty("name").GetString(), demo.GetProperty("ready").GetBoolean(),
            demo.GetProperty("saes")[0].GetProperty("origin").GetString()));
        Assert.Equal(JsonValueKind.Null, demo.GetProperty("importedFrom").ValueKind); // server paths are for admins
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/workspaces/no-such")).StatusCode);
    }
}
