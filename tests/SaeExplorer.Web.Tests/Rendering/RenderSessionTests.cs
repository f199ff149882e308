using Microsoft.Extensions.Logging.Abstractions;
using SaeExplorer.Core.Rendering;
using SaeExplorer.Core.Settings;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Services.Rendering;

namespace SaeExplorer.Web.Tests.Rendering;

/// <summary>The page's entry point over a fake renderer: slots, disposal, the cache on both levels, refusals, failures.</summary>
public sealed class RenderSessionTests : IAsyncLifetime
{
    private static readonly WorkspaceContext Workspace = new(1, "demo", "/nowhere", null, FakeRenderer.Space, null, null, 0);

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "saex-render-tests", Guid.NewGuid().ToString("N"));
    private readonly List<IAsyncDisposable> _owned = [];
    private RenderOptions _options = new() { RequestsPerSecond = 1000, Burst = 1000 };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var item in _owned) await item.DisposeAsync();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (DirectoryNotFoundException) { }
    }

    /// <summary>A render service as the app builds it; a second call is the app after a restart (same data folder).</summary>
    private (RenderCache Cache, Func<RenderSession> NewSession) Service(FakeRenderer fake, string? note = null)
    {
        var workers = new RenderWorkers(_options, TimeProvider.System, NullLoggerFactory.Instance);
        _owned.Add(workers);
        var cache = new RenderCache(_options, new SaexOptions { DataDirectory = _dataDirectory }, NullLogger<RenderCache>.Instance);
        var source = new FixedRendererSource(fake, note);
        return (cache, () =>
        {
            var session = new RenderSession(source, workers, cache, _options, NullLogger<RenderSession>.Instance);
            _owned.Add(new Disposer(session.Dispose));
            return session;
        }
        );
    }

    private string CacheFolder => Path.Combine(_dataDirectory, "cache", "renders");

    [Fact]
    public async Task ANewerRequestForTheSlotSupersedesTheRunningOne()
    {
        var fake = new FakeRenderer(gated: true);
        RenderSession session = Service(fake).NewSession();

        Task<RenderOutcome> older = session.RenderAsync("slider", Workspace, FakeRenderer.Request(1));
        FakeRender first = await fake.NextStartAsync();
        Task<RenderOutcome> newer = session.RenderAsync("slider", Workspace, FakeRenderer.Request(2));

        RenderOutcome superseded = await older;
        Assert.Equal(RenderStatus.Superseded, superseded.Status);
        Assert.Null(superseded.Result);
        Assert.True(first.SawCancellation);
        FakeRender second = await fake.NextStartAsync();
        Assert.Equal(2, second.Id);
        second.Finish();
        RenderOutcome rendered = await newer;
        Assert.Equal(RenderStatus.Rendered, rendered.Status);
        Assert.Equal(2, rendered.Result!.Picture!.Png[^1]);
    }

    [Fact]
    public async Task ASupersededQueuedRequestNeverReachesTheRenderer()
    {
        var fake = new FakeRenderer(gated: true);
        RenderSession session = Service(fake).NewSession();
        Task<RenderOutcome> blocker = session.RenderAsync("other", Workspace, FakeRenderer.Request(1));
        FakeRender running = await fake.NextStartAsync();

        Task<RenderOutcome> older = session.RenderAsync("slider", Workspace, FakeRenderer.Request(2));
        Task<RenderOutcome> newer = session.RenderAsync("slider", Workspace, FakeRenderer.Request(3));

        Assert.Equal(RenderStatus.Superseded, (await older).Status);
        running.Finish();
        FakeRender next = await fake.NextStartAsync();
        Assert.Equal(3, next.Id);
        next.Finish();
        Assert.Equal(RenderStatus.Rendered, (await newer).Status);
        Assert.Equal(RenderStatus.Rendered, (await blocker).Status);
        Assert.Equal(2, fake.Calls);
    }

    [Fact]
    public async Task DisposingTheSessionCancelsWhatItQueuedAndRuns()
    {
        var fake = new FakeRenderer(gated: true);
        var (_, newSession) = Service(fake);
        RenderSession session = newSession();
        Task<RenderOutcome> runningOutcome = session.RenderAsync("a", Workspace, FakeRenderer.Request(1));
        FakeRender running = await fake.NextStartAsync();
        Task<RenderOutcome> queuedOutcome = session.RenderAsync("b", Workspace, FakeRenderer.Request(2));

        session.Dispose();

        Assert.Equal(RenderStatus.Cancelled, (await runningOutcome).Status);
        Assert.Equal(RenderStatus.Cancelled, (await queuedOutcome).Status);
        Assert.True(running.SawCancellation);
        Assert.Equal(RenderStatus.Cancelled, (await session.RenderAsync("c", Workspace, FakeRenderer.Request(3))).Status);
        // Another session's render runs next: the cancelled one left the queue.
        Task<RenderOutcome> other = newSession().RenderAsync("a", Workspace, FakeRenderer.Request(4));
        FakeRender next = await fake.NextStartAsync();
        Assert.Equal(4, next.Id);
        next.Finish();
        Assert.Equal(RenderStatus.Rendered, (await other).Status);
        Assert.Equal(2, fake.Calls);
    }

    [Fact]
    public async Task ACacheHitSkipsTheQueueAndTheRenderer()
    {
        var fake = new FakeRenderer();
        var (cache, newSession) = Service(fake);
        RenderSession session = newSession();

        RenderOutcome first = await session.RenderAsync("a", Workspace, FakeRenderer.Request(1, seed: 5));
        var log = new ProgressLog();
        RenderOutcome again = await newSession().RenderAsync("b", Workspace, FakeRenderer.Request(1, seed: 5), log);

        Assert.Equal(RenderStatus.Rendered, first.Status);
        Assert.Equal(RenderStatus.Cached, again.Status);
        Assert.Same(first.Result, again.Result);
        Assert.Equal([RenderStage.Done], log.Stages);
        Assert.Equal(1, fake.Calls);
        Assert.Equal(1, cache.Count);
        // Another seed, another embedding: other keys, rendered.
        Assert.Equal(RenderStatus.Rendered, (await session.RenderAsync("a", Workspace, FakeRenderer.Request(1, seed: 6))).Status);
        Assert.Equal(RenderStatus.Rendered, (await session.RenderAsync("a", Workspace, FakeRenderer.Request(2, seed: 5))).Status);
        Assert.Equal(3, fake.Calls);
    }

    [Fact]
    public async Task TheDiskCacheSurvivesARestart()
    {
        RenderOutcome first = await Service(new FakeRenderer()).NewSession().RenderAsync("a", Workspace, FakeRenderer.Request(7));

        var restarted = new FakeRenderer();
        RenderOutcome again = await Service(restarted).NewSession().RenderAsync("a", Workspace, FakeRenderer.Request(7));

        Assert.Equal(RenderStatus.Cached, again.Status);
        Assert.Equal(0, restarted.Calls);
        Assert.Equal(first.Result!.Picture!.Png, again.Result!.Picture!.Png);
        Assert.Equal((first.Result.Renderer, first.Result.Parameters, first.Result.Elapsed), (again.Result.Renderer, again.Result.Parameters, again.Result.Elapsed));
        Assert.Equal((1, 1), (again.Result.Picture.Width, again.Result.Picture.Height));
        Assert.Equal(2, Directory.GetFiles(CacheFolder, "*", SearchOption.AllDirectories).Length); // the PNG and its JSON
    }

    [Theory]
    [InlineData(".json", "{\"key\": ")]
    [InlineData(".json", "")]
    [InlineData(".png", "not the picture that was hashed")]
    public async Task ACorruptCacheFileIsIgnoredAndRenderedAgain(string extension, string content)
    {
        await Service(new FakeRenderer()).NewSession().RenderAsync("a", Workspace, FakeRenderer.Request(7));
        string file = Assert.Single(Directory.GetFiles(CacheFolder, "*" + extension, SearchOption.AllDirectories));
        await File.WriteAllTextAsync(file, content);

        var restarted = new FakeRenderer();
        RenderOutcome again = await Service(restarted).NewSession().RenderAsync("a", Workspace, FakeRenderer.Request(7));

        Assert.Equal(RenderStatus.Rendered, again.Status);
        Assert.Equal(1, restarted.Calls);
        // Rendered again, the entry is whole once more.
        var third = new FakeRenderer();
        Assert.Equal(RenderStatus.Cached, (await Service(third).NewSession().RenderAsync("a", Workspace, FakeRenderer.Request(7))).Status);
        Assert.Equal(0, third.Calls);
    }

    [Fact]
    public async Task RefusalsAndFailuresAreOutcomesNotExceptions()
    {
        _options = _options with { RequestsPerSecond = 0.01, Burst = 1 };
        var fake = new FakeRenderer();
        RenderSession session = Service(fake, note: "generator not configured: test").NewSession();

        Assert.Equal(RenderStatus.Rendered, (await session.RenderAsync("a", Workspace, FakeRenderer.Request(1))).Status);
        RenderOutcome refused = await session.RenderAsync("a", Workspace, FakeRenderer.Request(2));
        Assert.Equal(RenderStatus.Refused, refused.Status);
        Assert.StartsWith("rate limited: at most 0.01 renders a second per user", refused.Reason);
        Assert.Equal("generator not configured: test", refused.Note);

        RenderOutcome invalid = await session.RenderAsync("a", Workspace, FakeRenderer.Request(-1));
        Assert.Equal(RenderStatus.Failed, invalid.Status);
        Assert.Equal("id -1 is negative", invalid.Reason);
        Assert.Equal(RenderStatus.Failed, (await session.RenderAsync("a", Workspace, null!)).Status);

        _options = _options with { RequestsPerSecond = 1000, Burst = 1000 };
        var failing = new FakeRenderer { Failure = new InvalidOperationException("the UNet ran out of memory") };
        RenderOutcome failed = await Service(failing).NewSession().RenderAsync("a", Workspace, FakeRenderer.Request(3));
        Assert.Equal(new RenderOutcome(RenderStatus.Failed, Reason: "the UNet ran out of memory"), failed);
    }

    [Fact]
    public async Task DefaultsFillTheUnsetParametersBeforeTheKey()
    {
        _options = _options with { DefaultSeed = 42 };
        var fake = new FakeRenderer();
        RenderSession session = Service(fake).NewSession();

        RenderOutcome unset = await session.RenderAsync("a", Workspace, FakeRenderer.Request(1));
        RenderOutcome explicitSeed = await session.RenderAsync("a", Workspace, FakeRenderer.Request(1, seed: 42));

        Assert.Equal(42, unset.Result!.Parameters.Seed);
        Assert.Equal(RenderStatus.Cached, explicitSeed.Status); // the same render, asked two ways
        Assert.Equal(1, fake.Calls);
    }

    private sealed class Disposer(Action dispose) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            dispose();
            return ValueTask.CompletedTask;
        }
    }
}
