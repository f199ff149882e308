using SaeExplorer.Core.Rendering;
using SaeExplorer.Web.Services.Rendering;

namespace SaeExplorer.Web.Tests.Rendering;

/// <summary>One device's queue over a fake renderer the tests drive: fairness, limits, cancellation, progress.</summary>
public sealed class RenderWorkerTests
{
    private static readonly RenderOptions Roomy = new() { QueueCapacity = 64, PerUserQueued = 64, RequestsPerSecond = 1000, Burst = 1000 };

    private static Task<RenderResult> Submit(RenderWorker worker, string user, FakeRenderer fake, float id, CancellationToken ct = default,
        IProgress<RenderProgress>? progress = null)
    {
        RenderSubmission submission = worker.Submit(user, fake, FakeRenderer.Request(id) with { CancellationToken = ct, Progress = progress });
        Assert.Null(submission.Refusal);
        return submission.Completion!;
    }

    private static string? Refusal(RenderWorker worker, string user, FakeRenderer fake, float id) =>
        worker.Submit(user, fake, FakeRenderer.Request(id)).Refusal;

    [Fact]
    public async Task UsersAreServedInTurnSoOneCannotStarveAnother()
    {
        var fake = new FakeRenderer(gated: true);
        await using var worker = new RenderWorker("fake", Roomy);
        var done = new List<Task<RenderResult>>();
        for (int i = 1; i <= 10; i++) done.Add(Submit(worker, "A", fake, i));
        FakeRender running = await fake.NextStartAsync(); // A's first runs, its other nine wait
        for (int i = 101; i <= 103; i++) done.Add(Submit(worker, "B", fake, i));

        var order = new List<float> { running.Id };
        while (order.Count < 13)
        {
            running.Finish();
            running = await fake.NextStartAsync();
            order.Add(running.Id);
        }
        running.Finish();
        await Task.WhenAll(done);

        // B's first runs before A's second, then they alternate until B has none left.
        Assert.Equal([1f, 101, 2, 102, 3, 103, 4, 5, 6, 7, 8, 9, 10], order);
    }

    [Fact]
    public async Task AFullQueueRefusesEveryoneSayingSo()
    {
        var fake = new FakeRenderer(gated: true);
        await using var worker = new RenderWorker("fake", Roomy with { QueueCapacity = 2 });
        Task<RenderResult> first = Submit(worker, "A", fake, 1);
        FakeRender running = await fake.NextStartAsync();
        _ = Submit(worker, "A", fake, 2);
        _ = Submit(worker, "B", fake, 3);

        Assert.Equal("queue full: 2 renders are waiting on fake (Render:QueueCapacity); try again shortly", Refusal(worker, "C", fake, 4));
        Assert.Equal(2, worker.Queued);
        running.Finish();
        await first;
    }

    [Fact]
    public async Task OneUserMayQueueOnlySoMany()
    {
        var fake = new FakeRenderer(gated: true);
        await using var worker = new RenderWorker("fake", Roomy with { PerUserQueued = 2 });
        _ = Submit(worker, "A", fake, 1);
        await fake.NextStartAsync(); // running, so not counted as waiting
        _ = Submit(worker, "A", fake, 2);
        _ = Submit(worker, "A", fake, 3);

        Assert.Equal("too many queued: you have 2 renders waiting (Render:PerUserQueued)", Refusal(worker, "A", fake, 4));
        Assert.Null(Refusal(worker, "B", fake, 5));
    }

    [Fact]
    public async Task TheRateLimitIsATokenBucketPerUser()
    {
        var time = new ManualTime();
        var fake = new FakeRenderer();
        await using var worker = new RenderWorker("fake", Roomy with { RequestsPerSecond = 1, Burst = 2 }, time);
        const string limited = "rate limited: at most 1 renders a second per user (bursts of 2); try again in a moment";

        Assert.Null(Refusal(worker, "A", fake, 1));
        Assert.Null(Refusal(worker, "A", fake, 2));
        Assert.Equal(limited, Refusal(worker, "A", fake, 3));
        Assert.Null(Refusal(worker, "B", fake, 4)); // another user's bucket is full
        time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal(limited, Refusal(worker, "A", fake, 5)); // half a token
        time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Null(Refusal(worker, "A", fake, 6));
        Assert.Equal(limited, Refusal(worker, "A", fake, 7));
        time.Advance(TimeSpan.FromSeconds(60)); // refills only up to the burst
        Assert.Null(Refusal(worker, "A", fake, 8));
        Assert.Null(Refusal(worker, "A", fake, 9));
        Assert.Equal(limited, Refusal(worker, "A", fake, 10));
    }

    [Fact]
    public async Task ProgressArrivesInOrder()
    {
        var fake = new FakeRenderer();
        await using var worker = new RenderWorker("fake", Roomy);
        var log = new ProgressLog();

        await Submit(worker, "A", fake, 1, progress: log);

        Assert.Equal(
            [new(RenderStage.Queued), new(RenderStage.Started), new(RenderStage.Step, 1, 2), new(RenderStage.Step, 2, 2), new(RenderStage.Done)],
            log.Events);
    }

    [Fact]
    public async Task ACancelledQueuedRenderLeavesTheQueueAndNeverRuns()
    {
        var fake = new FakeRenderer(gated: true);
        await using var worker = new RenderWorker("fake", Roomy);
        Task<RenderResult> first = Submit(worker, "A", fake, 1);
        FakeRender running = await fake.NextStartAsync();
        using var cts = new CancellationTokenSource();
        Task<RenderResult> second = Submit(worker, "A", fake, 2, cts.Token);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        Assert.Equal(0, worker.Queued);
        running.Finish();
        await first;
        Task<RenderResult> third = Submit(worker, "A", fake, 3);
        FakeRender next = await fake.NextStartAsync();
        Assert.Equal(3, next.Id);
        Assert.Equal(2, fake.Calls);
        next.Finish();
        await third;
    }

    [Fact]
    public async Task ARunningRenderSeesItsTokenAndTheQueueGoesOn()
    {
        var fake = new FakeRenderer(gated: true);
        await using var worker = new RenderWorker("fake", Roomy);
        using var cts = new CancellationTokenSource();
        Task<RenderResult> first = Submit(worker, "A", fake, 1, cts.Token);
        FakeRender running = await fake.NextStartAsync();

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.True(running.SawCancellation);
        Task<RenderResult> second = Submit(worker, "A", fake, 2);
        (await fake.NextStartAsync()).Finish();
        Assert.Equal(2, (await second).Picture!.Png[^1]);
    }

    [Fact]
    public async Task AFailingRenderFailsAloneAndTheQueueGoesOn()
    {
        var fake = new FakeRenderer { Failure = new InvalidOperationException("the UNet ran out of memory") };
        await using var worker = new RenderWorker("fake", Roomy);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Submit(worker, "A", fake, 1));
        Assert.Equal("the UNet ran out of memory", e.Message);
        fake.Failure = null;
        Assert.NotNull((await Submit(worker, "A", fake, 2)).Picture);
    }

    [Fact]
    public async Task StoppingCancelsTheRunningAndTheWaitingAndRefusesMore()
    {
        var fake = new FakeRenderer(gated: true);
        var worker = new RenderWorker("fake", Roomy);
        Task<RenderResult> first = Submit(worker, "A", fake, 1);
        FakeRender running = await fake.NextStartAsync();
        Task<RenderResult> second = Submit(worker, "B", fake, 2);

        await worker.DisposeAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        Assert.True(running.SawCancellation);
        Assert.Equal(1, fake.Calls);
        Assert.Equal("the render service on fake is shutting down", Refusal(worker, "A", fake, 3));
    }
}
