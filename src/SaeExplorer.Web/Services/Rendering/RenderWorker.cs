using SaeExplorer.Core.Rendering;

namespace SaeExplorer.Web.Services.Rendering;

/// <summary>A queued render: <see cref="Completion"/> ends with the result, cancelled or faulted; or a refusal, not queued.</summary>
public sealed record RenderSubmission(Task<RenderResult>? Completion, string? Refusal);

/// <summary>
/// The one queue of one device (one GPU = one queue): renders run one at a time, taken round-robin over users
/// (<see cref="FairQueue{T}"/>), within a per-user rate limit, a per-user queued limit and the queue's capacity. A
/// queued render whose token fires leaves the queue at once; a running one sees the token (checked per step). Its
/// loop waits on a semaphore, never polls.
/// </summary>
public sealed class RenderWorker : IDisposable, IAsyncDisposable
{
    private readonly RenderOptions _options;
    private readonly ILogger _log;
    private readonly RenderRateLimit _rate;
    private readonly FairQueue<Job> _queue = new();
    private readonly object _gate = new();
    private readonly SemaphoreSlim _ready = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private bool _stopped;

    public RenderWorker(string device, RenderOptions options, TimeProvider? time = null, ILogger? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Device = device;
        _options = options;
        _log = log ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        _rate = new RenderRateLimit(options.RequestsPerSecond, options.Burst, time ?? TimeProvider.System);
        _loop = Task.Run(RunAsync);
    }

    public string Device { get; }

    /// <summary>Renders waiting (not the one running).</summary>
    public int Queued
    {
        get { lock (_gate) return _queue.Count; }
    }

    /// <summary>
    /// Queues <paramref name="request"/> for <paramref name="user"/>, telling its progress <see cref="RenderStage.Queued"/>
    /// before returning, or refuses it. Its <see cref="RenderRequest.CancellationToken"/> cancels it queued or running.
    /// </summary>
    public RenderSubmission Submit(string user, IRenderer renderer, RenderRequest request)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(renderer);
        ArgumentNullException.ThrowIfNull(request);
        if (request.CancellationToken.IsCancellationRequested)
            return new RenderSubmission(Task.FromCanceled<RenderResult>(request.CancellationToken), null);
        Job job;
        lock (_gate)
        {
            if (Refusal(user) is { } refusal)
                return new RenderSubmission(null, refusal);
            job = new Job(user, renderer, request, _stopping.Token);
            request.Progress?.Report(new RenderProgress(RenderStage.Queued));
            job.Node = _queue.Enqueue(user, job);
            job.OnCancel(() => Dequeue(job)); // runs at once if the token has fired meanwhile (the lock is re-entrant)
        }
        _ready.Release();
        return new RenderSubmission(job.Completion.Task, null);
    }

    private string? Refusal(string user)
    {
        if (_stopped)
            return $"the render service on {Device} is shutting down";
        if (_queue.Count >= _options.QueueCapacity)
            return $"queue full: {_queue.Count} renders are waiting on {Device} (Render:QueueCapacity); try again shortly";
        if (_queue.CountFor(user) >= _options.PerUserQueued)
            return $"too many queued: you have {_queue.CountFor(user)} renders waiting (Render:PerUserQueued)";
        return _rate.TryTake(user) ? null : _rate.Refusal;
    }

    /// <summary>A cancelled render that is still waiting leaves the queue; a running one is left to its renderer.</summary>
    private void Dequeue(Job job)
    {
        lock (_gate)
            if (job.Node is null || !_queue.Remove(job.Node))
                return;
        job.Cancel();
    }

    private async Task RunAsync()
    {
        while (true)
        {
            try
            {
                await _ready.WaitAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            Job? job;
            lock (_gate)
                if (!_queue.TryDequeue(out job))
                    continue; // it was cancelled while waiting
            await job.RunAsync(_log, Device).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        var waiting = new List<Job>();
        lock (_gate)
        {
            if (_stopped) return;
            _stopped = true;
            while (_queue.TryDequeue(out var job)) waiting.Add(job);
        }
        foreach (var job in waiting) job.Cancel();
        await _stopping.CancelAsync().ConfigureAwait(false); // the running render sees it too
        await _loop.ConfigureAwait(false);
        _stopping.Dispose();
        _ready.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>
    /// One render. While it waits, only the caller's token is watched (it takes the render out of the queue); once it
    /// runs, the renderer gets a token that also fires when the worker stops.
    /// </summary>
    private sealed class Job(string user, IRenderer renderer, RenderRequest request, CancellationToken stopping)
    {
        private CancellationTokenRegistration _whileQueued;

        public LinkedListNode<Job>? Node { get; set; }

        public TaskCompletionSource<RenderResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnCancel(Action cancel) => _whileQueued = request.CancellationToken.Register(cancel);

        public void Cancel() => Completion.TrySetCanceled(request.CancellationToken);

        public async Task RunAsync(ILogger log, string device)
        {
            await _whileQueued.DisposeAsync().ConfigureAwait(false);
            using var running = CancellationTokenSource.CreateLinkedTokenSource(request.CancellationToken, stopping);
            try
            {
                running.Token.ThrowIfCancellationRequested();
                request.Progress?.Report(new RenderProgress(RenderStage.Started));
                RenderResult result = await renderer.RenderAsync(request with { CancellationToken = running.Token }).ConfigureAwait(false);
                request.Progress?.Report(new RenderProgress(RenderStage.Done));
                Completion.TrySetResult(result);
            }
            catch (OperationCanceledException) when (running.Token.IsCancellationRequested)
            {
                Completion.TrySetCanceled(running.Token);
            }
            catch (Exception e)
            {
                // A renderer's failure ends this render only; the queue goes on.
                log.LogWarning(e, "{Renderer} render for {User} on {Device} failed", renderer.Name, user, device);
                Completion.TrySetException(e);
            }
        }
    }
}
