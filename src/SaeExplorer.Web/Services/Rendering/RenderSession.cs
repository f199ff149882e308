using SaeExplorer.Core.Rendering;
using SaeExplorer.Data.Workspaces;

namespace SaeExplorer.Web.Services.Rendering;

/// <summary>
/// A page's entry point to rendering, scoped (one per Blazor circuit). Each render has a slot (e.g. one slider): a newer
/// request for the slot supersedes the older one, which is cancelled wherever it is; disposing the session (the circuit
/// is gone) cancels everything it queued or runs. Results come from the cache when they can, without queueing. Nothing
/// here throws into the page: every ending is a <see cref="RenderOutcome"/>.
/// </summary>
public sealed class RenderSession : IDisposable
{
    private readonly IRendererSource _renderers;
    private readonly RenderWorkers _workers;
    private readonly RenderCache _cache;
    private readonly RenderOptions _options;
    private readonly ILogger<RenderSession> _log;
    private readonly Dictionary<string, Run> _running = new(StringComparer.Ordinal);
    private bool _disposed;
    private long _started;

    public RenderSession(IRendererSource renderers, RenderWorkers workers, RenderCache cache, RenderOptions options,
        ILogger<RenderSession> log, IHttpContextAccessor? http = null)
    {
        _renderers = renderers;
        _workers = workers;
        _cache = cache;
        _options = options;
        _log = log;
        // The client's address when the circuit's request is known (fairness and rate limits across its tabs), else
        // this session alone.
        User = http?.HttpContext?.Connection.RemoteIpAddress?.ToString() ?? $"session:{Guid.NewGuid():N}";
    }

    /// <summary>Who the queue is fair between and the rate limit counts for.</summary>
    public string User { get; set; }

    /// <summary>
    /// Renders <paramref name="request"/> for <paramref name="workspace"/> in <paramref name="slot"/>, superseding
    /// the slot's previous render. <paramref name="progress"/> (else the request's own) hears queued, started, each
    /// step and done, in that order; a cache hit hears only done. The request's token cancels it too.
    /// </summary>
    public async Task<RenderOutcome> RenderAsync(string slot, WorkspaceContext workspace, RenderRequest request,
        IProgress<RenderProgress>? progress = null)
    {
        if (slot is null || workspace is null || request is null)
            return new RenderOutcome(RenderStatus.Failed, Reason: "a render needs a slot, a workspace and a request");
        Run? run = Start(slot, request.CancellationToken);
        if (run is null)
            return new RenderOutcome(RenderStatus.Cancelled, Reason: "the session has ended");
        string? note = null;
        try
        {
            RendererSelection selection = await _renderers.ForAsync(workspace, run.Token).ConfigureAwait(false);
            note = selection.Note;
            IRenderer renderer = selection.Renderer;
            var job = request with
            {
                Parameters = _options.Fill(request.Parameters),
                Progress = progress ?? request.Progress,
                CancellationToken = run.Token,
            };
            RenderKey key = RenderKey.For(renderer, job, renderer.Resolve(job));
            if (await _cache.TryGetAsync(key, run.Token).ConfigureAwait(false) is { } hit)
            {
                job.Progress?.Report(new RenderProgress(RenderStage.Done));
                return Ended(run, RenderStatus.Cached, hit, note);
            }
            RenderSubmission submission = _workers.For(renderer.Device).Submit(User, renderer, job);
            if (submission.Refusal is { } refusal)
                return new RenderOutcome(RenderStatus.Refused, Reason: refusal) { Note = note };
            RenderResult result = await submission.Completion!.ConfigureAwait(false);
            await _cache.StoreAsync(key, result, CancellationToken.None).ConfigureAwait(false);
            return Ended(run, RenderStatus.Rendered, result, note);
        }
        catch (OperationCanceledException)
        {
            return new RenderOutcome(run.Superseded ? RenderStatus.Superseded : RenderStatus.Cancelled,
                Reason: run.Superseded ? "a newer render for this slot replaced it" : "cancelled")
            { Note = note };
        }
        catch (Exception e)
        {
            _log.LogInformation(e, "render in slot {Slot} of {Workspace} failed", slot, workspace.Name);
            return new RenderOutcome(RenderStatus.Failed, Reason: e.Message) { Note = note };
        }
        finally
        {
            Finish(slot, run);
        }
    }

    /// <summary>Cancels the slot's render, if any (its outcome is <see cref="RenderStatus.Cancelled"/>).</summary>
    public void Cancel(string slot)
    {
        Run? run;
        lock (_running)
            if (!_running.Remove(slot, out run))
                return;
        run.Cancel(superseded: false);
    }

    /// <summary>A result that arrives after its slot moved on is still cached, but reported superseded.</summary>
    private static RenderOutcome Ended(Run run, RenderStatus status, RenderResult result, string? note) => run.Superseded
        ? new RenderOutcome(RenderStatus.Superseded, Reason: "a newer render for this slot replaced it") { Note = note }
        : new RenderOutcome(status, result) { Note = note };

    private Run? Start(string slot, CancellationToken caller)
    {
        var run = new Run(caller, Interlocked.Increment(ref _started));
        Run? previous;
        lock (_running)
        {
            if (_disposed)
            {
                run.Dispose();
                return null;
            }
            _running.Remove(slot, out previous);
            _running[slot] = run;
        }
        previous?.Cancel(superseded: true);
        return run;
    }

    private void Finish(string slot, Run run)
    {
        lock (_running)
            if (_running.TryGetValue(slot, out var current) && current == run)
                _running.Remove(slot);
        run.Dispose();
    }

    public void Dispose()
    {
        List<Run> all;
        lock (_running)
        {
            if (_disposed) return;
            _disposed = true;
            // Newest first: a session's renders queue in the order they came on each device, so its waiting ones leave
            // the queue before its running one stops, and the worker cannot start one of them in between.
            all = [.. _running.Values.OrderByDescending(r => r.Number)];
            _running.Clear();
        }
        foreach (var run in all) run.Cancel(superseded: false);
    }

    /// <summary>One render of a slot: cancelled by the caller's token, a newer render of the slot, or the session's end.</summary>
    private sealed class Run(CancellationToken caller, long number) : IDisposable
    {
        private readonly CancellationTokenSource _source = CancellationTokenSource.CreateLinkedTokenSource(caller);

        /// <summary>Its place among the session's renders, in the order they were asked for.</summary>
        public long Number => number;

        public CancellationToken Token => _source.Token;

        public bool Superseded { get; private set; }

        /// <summary>Cancels at once: a queued render has left its queue when this returns.</summary>
        public void Cancel(bool superseded)
        {
            Superseded = superseded;
            try
            {
                _source.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // it had ended already
            }
        }

        public void Dispose() => _source.Dispose();
    }
}
