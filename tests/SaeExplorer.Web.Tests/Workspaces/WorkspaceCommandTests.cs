using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Settings;
using SaeExplorer.Data;
using SaeExplorer.Data.Saes;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Testing;
using SaeExplorer.Web.Tests.Autointerp;

namespace SaeExplorer.Web.Tests.Workspaces;

/// <summary>
/// `saex workspace create` on a running app's database: the app prepares what it records without a restart, and a
/// refused request records nothing.
/// </summary>
public sealed class WorkspaceCommandTests(SaexAppFactory app) : IClassFixture<SaexAppFactory>
{
    private string Database => Path.Combine(app.DataDirectory, "saex.db");

    [Fact]
    public async Task AWorkspaceMadeFromTheCommandLineIsPreparedByTheRunningAppWithItsSae()
    {
        await app.WaitForDemoAsync(TimeSpan.FromMinutes(2)); // the app is up and its worker idle
        var folder = Path.Combine(Path.GetTempPath(), "saex-cli-ws", Guid.NewGuid().ToString("N")); // any folder: the CLI is not bound to the roots
        var corpus = await TinyCorpora.ClipRetrieval(Path.Combine(folder, "corpus"), 16, dimension: 16);
        var sae = SaeFixtures.CopyTo(folder, "seed_layout.pth");
        try
        {
            var (code, output) = await Saex.RunAsync("workspace", "create", "--db", Database, "--name", "from-cli", "--corpus", corpus, "--sae", sae);

            Assert.True(code == 0, output);
            Assert.Contains("created workspace from-cli", output);
            Assert.Contains("its SAE seed_layout: pth, standard, 16 -> 48", output);
            var ws = await app.WaitForWorkspaceAsync("from-cli", TimeSpan.FromMinutes(3));
            Assert.True(ws.State == WorkspaceState.Ready, await app.LastJobAsync("from-cli"));
            var row = Assert.Single(await app.Services.GetRequiredService<SaeStore>().OfWorkspaceAsync(ws.Id));
            Assert.Equal((WorkspaceSae.Imported, "pth", 48), (row.Origin, row.Format, row.DSae));
            // Its files are where the app keeps them, not where the command ran.
            Assert.StartsWith(Path.Combine(app.DataDirectory, "workspaces", "from-cli"), row.Path);
            Assert.True(File.Exists(SaeFiles.LoadPath(row.Path, SaeFormat.Pth)), row.Path);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task ARefusedRequestSaysWhyNamingTheFileAndRecordsNothing()
    {
        await app.WaitForDemoAsync(TimeSpan.FromMinutes(2));
        var folder = Path.Combine(Path.GetTempPath(), "saex-cli-ws", Guid.NewGuid().ToString("N"));
        var corpus = await TinyCorpora.ClipRetrieval(Path.Combine(folder, "corpus"), 8, dimension: 24);
        var sae = SaeFixtures.CopyTo(folder, "saev_sae.pt");
        try
        {
            var (code, output) = await Saex.RunAsync("workspace", "create", "--db", Database, "--name", "cli-refused", "--corpus", corpus, "--sae", sae);

            Assert.Equal(2, code);
            Assert.Contains("nothing was recorded", output);
            Assert.Contains("saev_sae.pt", output);
            Assert.Contains("d_in=16", output);
            await using var db = await app.Services.GetRequiredService<IDbContextFactory<SaexDbContext>>().CreateDbContextAsync();
            Assert.False(await db.Workspaces.AnyAsync(w => w.Name == "cli-refused"));
            Assert.False(Directory.Exists(Path.Combine(app.DataDirectory, "workspaces", "cli-refused")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
