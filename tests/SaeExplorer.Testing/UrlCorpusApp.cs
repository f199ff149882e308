using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Data;
using SaeExplorer.Data.Corpus;
using SaeExplorer.Data.Workspaces;

namespace SaeExplorer.Testing;

/// <summary>
/// The app without the demo (nothing to encode: it starts in seconds) and a Ready workspace
/// "web" of images known only by URL, as a clip-retrieval import makes them. Tight limits (100 KB
/// images, 5 s fetches) keep the refusal tests quick.
/// </summary>
public class UrlCorpusApp : SaexAppFactory
{
    public const string Workspace = "web";
    public const long MaxBytes = 100_000;

    protected override int PackImages => 1;

    /// <summary>Whether the server may fetch from loopback, where the tests' origins listen.</summary>
    protected virtual bool AllowPrivateAddresses => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Saex:DemoPack", "");
        builder.UseSetting("Images:MaxBytes", MaxBytes.ToString());
        builder.UseSetting("RemoteImages:AllowPrivateAddresses", AllowPrivateAddresses ? "true" : "false"); // test origins live on 127.0.0.1
        builder.UseSetting("RemoteImages:TimeoutSeconds", "5"); // the hang test waits this long; ample for a loaded CI machine
    }

    /// <summary>Adds an image to "web" (made on first use) and returns its id.</summary>
    public async Task<string> AddImageAsync(string? url, string? caption = null, string? category = null)
    {
        var dbFactory = Services.GetRequiredService<IDbContextFactory<SaexDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        var ws = await db.Workspaces.SingleOrDefaultAsync(w => w.Name == Workspace);
        if (ws == null)
        {
            ws = new Workspace
            {
                Name = Workspace, SpacePreset = "clip-vit-bigg-14", SpaceModel = "model.onnx", EmbeddingDimension = 1280,
                CorpusPath = Path.Combine(DataDirectory, "web"), ImportedFrom = Path.Combine(DataDirectory, "web"),
                State = WorkspaceState.Ready, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            };
            db.Workspaces.Add(ws);
            await db.SaveChangesAsync();
        }
        var id = Guid.NewGuid().ToString("N")[..12];
        db.CorpusImages.Add(new CorpusImage
        {
            WorkspaceId = ws.Id, ExternalId = id, File = "", Url = url, Hash = "", Description = caption, Category = category,
            EmbeddingRow = ws.ImageCount,
        });
        (ws.ImageCount, ws.EncodedCount) = (ws.ImageCount + 1, ws.EncodedCount + 1); // as the import records them
        await db.SaveChangesAsync();
        return id;
    }
}
