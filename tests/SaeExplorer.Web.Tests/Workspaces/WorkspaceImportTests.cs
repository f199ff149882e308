using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Core.Corpus.Import;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Data;
using SaeExplorer.Data.Accounts;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Testing;
using SaeExplorer.Web.Services.Preparation;
using SaeExplorer.Web.Services.Workspaces;

namespace SaeExplorer.Web.Tests.Workspaces;

/// <summary>Corpora imported as new workspaces through the service the "New workspace" page uses, prepared for real.</summary>
public sealed class WorkspaceImportTests(SaexAppFactory app) : IClassFixture<SaexAppFactory>
{
    private WorkspaceImports Imports => app.Services.GetRequiredService<WorkspaceImports>();

    private SaexDbContext Db() => app.Services.GetRequiredService<IDbContextFactory<SaexDbContext>>().CreateDbContext();

    /// <summary>A new admin: creating and deleting workspaces is theirs alone.</summary>
    private async Task<ClaimsPrincipal> AdminAsync() => TestUsers.Principal(await TestUsers.AddAsync(
        app.Services.GetRequiredService<IDbContextFactory<SaexDbContext>>(), $"admin-{Guid.NewGuid():N}"[..14], SaexRoles.Admin));

    [Fact]
    public async Task AnImg2DatasetFolderBecomesAReadyWorkspaceWithCaptionsUrlsAndFeatures()
    {
        var folder = TinyCorpora.Img2Dataset(Path.Combine(app.ImportsDirectory, "laion-bit"), 16);

        var (created, problem) = await Imports.CreateAsync(await AdminAsync(), "laion-bit", folder, format: null);
        Assert.True(created is not null, problem);
        var ws = await app.WaitForWorkspaceAsync("laion-bit", TimeSpan.FromMinutes(3));

        Assert.True(ws.State == WorkspaceState.Ready, await app.LastJobAsync(ws.Name));
        Assert.Equal($"import,nearest-images,train,index,{LabelFeaturesStage.StageKey},icons", await app.CompletedStagesAsync("laion-bit"));
        Assert.Equal(nameof(CorpusFormat.Img2DatasetFolder), ws.ImportFormat);
        Assert.Equal("resnet18", ws.SpacePreset);
        Assert.Equal("ResNet18.onnx", ws.SpaceModel);
        Assert.StartsWith("sha256:", ws.SpaceFingerprint);
        Assert.Equal(512, ws.EmbeddingDimension);
        await using var db = Db();
        var images = await db.CorpusImages.Where(i => i.WorkspaceId == ws.Id).OrderBy(i => i.EmbeddingRow).ToListAsync();
        Assert.Equal(16, images.Count);
        Assert.Equal(Enumerable.Range(0, 16), images.Select(i => i.EmbeddingRow!.Value));
        Assert.Equal(TinyCorpora.Caption(3), images[3].Description);
        Assert.Equal("https://example.org/000000003.jpg", images[3].Url);
        Assert.StartsWith("images/", images[3].File);
        Assert.True(File.Exists(Path.Combine(ws.CorpusPath, images[3].File)), "the pack keeps its own copy");
        Assert.True(await db.Features.AnyAsync(f => db.Saes.Any(s => s.Id == f.SaeId && s.WorkspaceId == ws.Id)));

        using var client = app.CreateClient();
        var thumb = await client.GetAsync($"/thumbs/laion-bit/{images[3].ExternalId}?size=64");
        Assert.Equal("image/jpeg", thumb.Content.Headers.ContentType?.MediaType);
        var home = await client.GetStringAsync("/");
        Assert.Contains("id=\"workspace-laion-bit\"", home);
        Assert.DoesNotContain(folder, home); // a server folder: shown to admins only, and nobody is signed in here
    }

    [Fact]
    public async Task AClipRetrievalCorpusKeepsItsShippedEmbeddingsAndUrlOnlyImages()
    {
        var folder = await TinyCorpora.ClipRetrieval(Path.Combine(app.ImportsDirectory, "clip-bit"), 24, dimension: 16);

        var (created, problem) = await Imports.CreateAsync(await AdminAsync(), "clip-bit", folder, CorpusFormat.ClipRetrieval);
        Assert.True(created is not null, problem);
        var ws = await app.WaitForWorkspaceAsync("clip-bit", TimeSpan.FromMinutes(3));

        Assert.True(ws.State == WorkspaceState.Ready, await app.LastJobAsync(ws.Name));
        Assert.Equal(16, ws.EmbeddingDimension);
        Assert.Equal(new EmbeddingSpace("shipped", "ClipRetrieval embeddings", 16, Normalization: "none"), ws.Space);
        await using var db = Db();
        var images = await db.CorpusImages.Where(i => i.WorkspaceId == ws.Id).ToListAsync();
        Assert.Equal(24, images.Count(i => i.EmbeddingRow != null));
        Assert.All(images, i => Assert.Equal("", i.File));
        Assert.All(images, i => Assert.StartsWith("http://127.0.0.1:9/", i.Url));
    }

    [Theory]
    [InlineData("", "Give the workspace a name.")]
    [InlineData("Has Spaces", "lower-case letters")]
    [InlineData("../etc", "lower-case letters")]
    [InlineData("<script>", "lower-case letters")]
    [InlineData("demo", "already a workspace named 'demo'")]
    public async Task BadNamesAreRefusedWithTheReason(string name, string reason)
    {
        await app.WaitForDemoAsync(TimeSpan.FromMinutes(2));
        var folder = TinyCorpora.Img2Dataset(Path.Combine(app.ImportsDirectory, "named-" + Guid.NewGuid().ToString("N")), 1);

        var (created, problem) = await Imports.CreateAsync(await AdminAsync(), name, folder, null);

        Assert.Null(created);
        Assert.Contains(reason, problem);
    }

    [Fact]
    public async Task FoldersOutsideTheImportRootsMissingOnesAndUnknownLayoutsAreRefused()
    {
        var outside = Path.Combine(app.DataDirectory, "elsewhere");
        TinyCorpora.Img2Dataset(outside, 1);
        var empty = Directory.CreateDirectory(Path.Combine(app.ImportsDirectory, "empty-" + Guid.NewGuid().ToString("N"))).FullName;
        File.WriteAllText(Path.Combine(empty, "notes.txt"), "no images here");

        Assert.Contains("Only folders inside", (await Imports.CreateAsync(await AdminAsync(), "a1", outside, null)).Problem);
        Assert.Contains("Only folders inside", (await Imports.CreateAsync(await AdminAsync(), "a2", Path.Combine(app.ImportsDirectory, "..", "elsewhere"), null)).Problem);
        Assert.Contains("Only folders inside", (await Imports.CreateAsync(await AdminAsync(), "a3", "/etc", null)).Problem);
        Assert.Contains("No such folder", (await Imports.CreateAsync(await AdminAsync(), "a4", Path.Combine(app.ImportsDirectory, "nope"), null)).Problem);
        Assert.Contains("not a corpus layout I know", (await Imports.CreateAsync(await AdminAsync(), "a5", empty, null)).Problem);
        await using var db = Db();
        Assert.False(await db.Workspaces.AnyAsync(w => w.Name.StartsWith("a")));
    }

    [Fact]
    public async Task DeletingAnImportRemovesItsRowsAndFilesButNotTheCorpusAndFreesTheName()
    {
        var folder = TinyCorpora.Img2Dataset(Path.Combine(app.ImportsDirectory, "short-lived"), 8);
        Assert.Null((await Imports.CreateAsync(await AdminAsync(), "short-lived", folder, null)).Problem);
        var ws = await app.WaitForWorkspaceAsync("short-lived", TimeSpan.FromMinutes(3));
        Assert.True(ws.State == WorkspaceState.Ready, await app.LastJobAsync(ws.Name));
        var removal = app.Services.GetRequiredService<WorkspaceRemoval>();
        var workspaceDir = Path.Combine(app.DataDirectory, "workspaces", "short-lived");
        Assert.True(Directory.Exists(workspaceDir));

        Assert.Null(await removal.DeleteAsync(await AdminAsync(), "short-lived"));

        await using (var db = Db())
        {
            Assert.False(await db.Workspaces.AnyAsync(w => w.Name == "short-lived"));
            Assert.False(await db.CorpusImages.AnyAsync(i => i.WorkspaceId == ws.Id));
            Assert.False(await db.Saes.AnyAsync(s => s.WorkspaceId == ws.Id));
            Assert.Empty(await db.Database.SqlQuery<int>($"SELECT rowid AS Value FROM ImageCaptionSearch WHERE ImageCaptionSearch MATCH 'picture' AND rowid NOT IN (SELECT Id FROM CorpusImages)").ToListAsync());
        }
        Assert.False(Directory.Exists(workspaceDir));
        Assert.Equal(8, Directory.GetFiles(Path.Combine(folder, "00000"), "*.jpg").Length); // the corpus is untouched
        using (var client = app.CreateClient())
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/api/workspaces/short-lived/features")).StatusCode);

        // The name is free again, and the new workspace starts from nothing of the old one.
        Assert.Null((await Imports.CreateAsync(await AdminAsync(), "short-lived", folder, null)).Problem);
        var again = await app.WaitForWorkspaceAsync("short-lived", TimeSpan.FromMinutes(3));
        Assert.True(again.State == WorkspaceState.Ready, await app.LastJobAsync(again.Name));
        Assert.NotEqual(ws.Id, again.Id);
    }

    [Fact]
    public async Task TheDemoAndUnknownWorkspacesAreNotDeleted()
    {
        await app.WaitForDemoAsync(TimeSpan.FromMinutes(2));
        var removal = app.Services.GetRequiredService<WorkspaceRemoval>();

        Assert.Contains("demo pack", await removal.DeleteAsync(await AdminAsync(), "demo"));
        Assert.Contains("no workspace named", await removal.DeleteAsync(await AdminAsync(), "nope"));
        await using var db = Db();
        Assert.True(await db.Workspaces.AnyAsync(w => w.Name == "demo"));
    }
}
