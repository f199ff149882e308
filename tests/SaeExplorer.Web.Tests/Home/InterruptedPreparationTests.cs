using Microsoft.Extensions.DependencyInjection;
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
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (state.Get("demo") is not { Done: >= 5 } && DateTime.UtcNow < deadline) await Task.Delay(50);
            Assert.True(state.Get("demo") is { State: WorkspaceState.Preparing, Done: >= 5 }, "preparation should be under way");
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
