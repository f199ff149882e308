using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SaeExplorer.Core.Rendering;
using SaeExplorer.Core.Rendering.Retrieval;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Testing;
using SaeExplorer.Web.Services.Grouping;
using SaeExplorer.Web.Services.Rendering;
using SaeExplorer.Web.Services.Steering;
using SaeExplorer.Web.Tests.Rendering;

namespace SaeExplorer.Web.Tests.Steering;

/// <summary>
/// The steering panel's state without its markup, over the seeded signed-axis SAE and a renderer the test drives (each
/// render named by its embedding's first value), on a clock the test moves. img-2 is [1, 1, 1, 1]: setting feature 0
/// to v steers it to x + (v - 1) W_dec[0] = [v, 1, 1, 1], a render named v; the image itself is render 1.
/// </summary>
public sealed class SteeringSessionTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new();
    private readonly List<string> _addresses = [];
    private readonly List<RenderView> _afters = [];
    private SeededWorkspace _seeded = null!;
    private ServiceProvider _services = null!;
    private AsyncServiceScope _scope;

    public async Task InitializeAsync() => _seeded = await SeededWorkspace.CreateAsync();

    public async Task DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _services.DisposeAsync();
        _seeded.Dispose();
    }

    /// <summary>A session over img-2's grouping, every change it reports recorded, rendering through <paramref name="fake"/>.</summary>
    private async Task<SteeringSession> OpenAsync(FakeRenderer fake, SteeringKnobs? knobs = null)
    {
        // Registered after the app's own renderer choice, so it is the one resolved.
        _services = _seeded.AddTo(new ServiceCollection()).AddSingleton<IRendererSource>(new FixedRendererSource(fake)).BuildServiceProvider();
        _scope = _services.CreateAsyncScope();
        var session = new SteeringSession(_services.GetRequiredService<ImageSteering>(), _scope.ServiceProvider.GetRequiredService<SteeringRenders>(), _time);
        session.Changed = () =>
        {
            lock (_afters) _afters.Add(session.After);
            return Task.CompletedTask;
        };
        session.AddressChanged = address =>
        {
            _addresses.Add(address);
            return Task.CompletedTask;
        };
        var (workspace, grouping) = await GroupingAsync("img-2");
        session.Show(workspace, grouping, knobs ?? SteeringKnobs.Empty, keepError: true);
        return session;
    }

    private async Task<(WorkspaceContext, ImageGrouping)> GroupingAsync(string image)
    {
        var workspace = (await _services.GetRequiredService<WorkspaceQueries>().FindAsync(SeededWorkspace.Name))!;
        var inspected = (await _services.GetRequiredService<ImageInspector>().FindAsync(workspace, image))!;
        return (workspace, (await _services.GetRequiredService<ImageGroupings>().BuildAsync(workspace, inspected, GroupingSettings.Default, null, []))!);
    }

    private static SteeringKnobs Set(float value) => SteeringKnobs.Empty.WithValue([0], value);

    private static float RenderedId(RenderView view) => view.Outcome!.Result!.Picture!.Png[^1];

    [Fact]
    public async Task NothingRendersBeforeTheCircuitIsLiveThenBothPanesDo()
    {
        var fake = new FakeRenderer();
        SteeringSession session = await OpenAsync(fake);
        Assert.Equal(0, fake.Calls);
        Assert.Same(RenderView.Idle, session.Before);

        await session.StartAsync();

        Assert.Equal(1, fake.Calls); // nothing is steered yet: the after pane stays idle
        Assert.Equal(1, RenderedId(session.Before));
        Assert.Same(RenderView.Idle, session.After);
    }

    [Fact]
    public async Task KnobsMovedWithinThePauseRenderOnceWithTheLastValue()
    {
        var fake = new FakeRenderer();
        SteeringSession session = await OpenAsync(fake);
        await session.StartAsync();

        Task first = session.ChangeKnobsAsync(Set(2));
        Task second = session.ChangeKnobsAsync(Set(3));
        await first; // superseded within the pause: it ends without a render
        _time.Advance(SteeringSession.Debounce - TimeSpan.FromMilliseconds(1));
        Assert.False(second.IsCompleted);
        Assert.Equal(1, fake.Calls);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        await second;

        Assert.Equal(2, fake.Calls);
        Assert.Equal(3, RenderedId(session.After));
        // Steered at once on each change, and the address written each time: [v, 1, 1, 1] for f0 = v.
        Assert.Equal([3f, 1, 1, 1], session.Steered!.Result.Embedding);
        Assert.Equal(["set:0=2", "set:0=3"], _addresses.Select(a => a[(a.IndexOf("edits=", StringComparison.Ordinal) + "edits=".Length)..]));
        Assert.Equal("1 edit · x + W_dec^T (f' − f): the SAE's error kept", session.Summary);
    }

    [Fact]
    public async Task ASupersededRenderNeverMovesThePaneAgain()
    {
        // The address asked for f0 = 2: the circuit's start renders the image (1), then the steered image (2) on the
        // same device.
        var fake = new FakeRenderer(gated: true);
        SteeringSession session = await OpenAsync(fake, Set(2));
        Task start = session.StartAsync();
        FakeRender one = await fake.NextStartAsync();
        one.Finish();
        FakeRender two = await fake.NextStartAsync();

        // A knob moves while render 2 runs: render 3 takes the after pane's slot when the knobs rest, superseding 2.
        Task moved = session.ChangeKnobsAsync(Set(3));
        _time.Advance(SteeringSession.Debounce);
        FakeRender three = await fake.NextStartAsync();
        await start; // render 2 has ended, superseded

        Assert.Equal((1, 2, 3), (one.Id, two.Id, three.Id));
        Assert.True(two.SawCancellation);
        Assert.True(session.After.Busy); // still render 3's progress, not render 2's ending
        three.Finish();
        await moved;

        Assert.Equal(3, RenderedId(session.After));
        Assert.Equal(1, RenderedId(session.Before));
        lock (_afters) Assert.DoesNotContain(_afters, v => v.Outcome is { Status: RenderStatus.Superseded or RenderStatus.Cancelled });
    }

    [Fact]
    public async Task AnEditTheSaeRefusesIsAProblemAndLeavesTheAfterPaneIdle()
    {
        var fake = new FakeRenderer();
        SteeringSession session = await OpenAsync(fake);
        await session.StartAsync();

        Task refused = session.ChangeKnobsAsync(SteeringKnobs.Empty.WithValue([99], 1));
        _time.Advance(SteeringSession.Debounce);
        await refused;

        Assert.Null(session.Steered);
        Assert.Same(RenderView.Idle, session.After);
        Assert.Equal(1, fake.Calls);
        var problem = Assert.Single(session.Problems);
        Assert.StartsWith("Steering: ", problem);
        Assert.Contains("99", problem);

        Task fixedKnobs = session.ChangeKnobsAsync(Set(4));
        _time.Advance(SteeringSession.Debounce);
        await fixedKnobs;
        Assert.Empty(session.Problems);
        Assert.Equal(4, RenderedId(session.After));
    }

    [Fact]
    public async Task TheSameAddressAgainKeepsTheStateAndANewOneStartsAfresh()
    {
        var fake = new FakeRenderer();
        SteeringSession session = await OpenAsync(fake);
        await session.StartAsync();
        var (workspace, grouping) = (session.Workspace, session.Grouping);
        session.Permalink = "/s/abcdefghij";
        session.Report("The steering state could not be saved; try again.");

        session.Show(workspace, grouping, SteeringKnobs.Empty, keepError: true);
        Assert.Equal("/s/abcdefghij", session.Permalink);
        Assert.Single(session.Problems);

        // A new address (here: the same image, the error switched off) clears the permalink and problems and steers:
        // the signed-axis SAE has no biases, so decode(f) alone is the image itself.
        session.Show(workspace, grouping, SteeringKnobs.Empty, keepError: false);
        Assert.Null(session.Permalink);
        Assert.Empty(session.Problems);
        Assert.Equal([1f, 1, 1, 1], session.Steered!.Result.Embedding);
        Assert.False(session.KeepError);
        Assert.EndsWith("&error=pure", session.Address);
    }
}
