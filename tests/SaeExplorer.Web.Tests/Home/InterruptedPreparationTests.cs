using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Testing;
using SaeExplorer.Web.Services.Preparation;

namespace SaeExplorer.Web.Tests.Home;

public sealed class InterruptedPreparationTests
{
    private sealed class LargerPackApp(string dir) : SaexAppFactory(dir)
    {
        protected override int PackImages => 80;

        /// <summary>The app's progress board, made before the host starts so a test can listen from the first report.</summary>
        public PreparationState State { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton(State));
        }
    }

    [Fact]
    public async Task AStopMidStageRestartsTheStageCleanlyOnTheNextStart()
    {
        var dir = Path.Combine(Path.GetTempPath(), "saex-tests", Guid.NewGuid().ToString("N"));
        await using (var first = new LargerPackApp(dir) { KeepData = true })
        {
            var midStage = new TaskCompletionSource<PreparationSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
            var stopping = new ManualResetEventSlim();
            // The worker publishes on its own thread: hold it there, mid-encode, until the host stops, so the stop
            // lands mid-stage however fast or slow this machine is. Listening starts before the host does.
            first.State.Changed += snapshot =>
            {
                if (snapshot.State != WorkspaceState.Preparing)
                {
                    midStage.TrySetResult(snapshot);
                    return;
                }
                if (snapshot is not { StageNumber: 1, Done: >= 5 } || !midStage.TrySetResult(snapshot)) return;
                stopping.Wait();
            };
            _ = first.Server; // start the host
            first.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(stopping.Set);
            var seen = await midStage.Task.WaitAsync(TimeSpan.FromMinutes(2));
            Assert.True(seen is { State: WorkspaceState.Preparing, StageNumber: 1 }, $"preparation should be under way, saw {seen}");
        } // stops the host mid-stage, keeps its folder

        await using var second = new LargerPackApp(dir);
        var ws = await second.WaitForDemoAsync(TimeSpan.FromMinutes(2));

        Assert.True(ws.State == WorkspaceState.Ready, await second.LastJobAsync(ws.Name));
        Assert.Equal($"import,nearest-images,train,index,{LabelFeaturesStage.StageKey},icons", await second.CompletedStagesAsync("demo"));
        Assert.Empty(second.SkipReasons());
        var workspaceDir = Path.Combine(dir, "workspaces", "demo");
        Assert.Empty(Directory.GetFiles(workspaceDir, "*.partial"));
        using var npy = SaeExplorer.Core.Embeddings.NpyFile.Open(Path.Combine(workspaceDir, "corpus", "embeddings.npy"));
        Assert.Equal(80, npy.Rows);
    }
}
