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
    }

    [Fact]
    public async Task AStopMidStageRestartsTheStageCleanlyOnTheNextStart()
    {
        var dir = Path.Combine(Path.GetTempPath(), "saex-tests", Guid.NewGuid().ToString("N"));
        await using (var first = new LargerPackApp(dir) { KeepData = true })
        {
            _ = first.Server; // start the host
            var state = first.Services.GetRequiredService<PreparationState>();
            var stopping = first.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            var midStage = new TaskCompletionSource<PreparationSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
            // The worker publishes on its own thread: hold it there, mid-encode, until the host stops,
            // so the stop lands mid-stage however fast or slow this machine is.
            state.Changed += snapshot =>
            {
                if (snapshot.State != WorkspaceState.Preparing)
                {
                    midStage.TrySetResult(snapshot);
                    return;
                }
                if (snapshot is not { StageNumber: 1, Done: >= 5 } || !midStage.TrySetResult(snapshot)) return;
                stopping.WaitHandle.WaitOne();
            };
            if (state.Get("demo") is { State: not WorkspaceState.Preparing } early) midStage.TrySetResult(early);
            var seen = await midStage.Task.WaitAsync(TimeSpan.FromMinutes(2));
            Assert.True(seen is { State: WorkspaceState.Preparing, StageNumber: 1 }, $"preparation should be under way, saw {seen}");
        } // stops the host mid-stage, keeps its folder

        await using var second = new LargerPackApp(dir);
        var ws = await second.WaitForDemoAsync(TimeSpan.FromMinutes(2));

        Assert.True(ws.State == WorkspaceState.Ready, ws.Error);
        Assert.Equal("encode,train,index", ws.CompletedStages);
        Assert.Empty(second.SkipReasons());
        var workspaceDir = Path.Combine(dir, "workspaces", "demo");
        Assert.Empty(Directory.GetFiles(workspaceDir, "*.partial"));
        using var npy = SaeExplorer.Core.Embeddings.NpyFile.Open(Path.Combine(workspaceDir, "embeddings.npy"));
        Assert.Equal(80, npy.Rows);
    }
}
