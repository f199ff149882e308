using System.Globalization;
using SaeExplorer.Core.Rendering;
using SaeExplorer.Core.Steering;
using SaeExplorer.Data.Corpus;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Services.Grouping;
using SaeExplorer.Web.Services.Rendering;

namespace SaeExplorer.Web.Services.Steering;

/// <summary>
/// The steering panel's state, apart from its markup: the knobs and the error switch, the image steered by them, the
/// before and after panes, and what to warn about. A change steers at once (microseconds of work), writes the address
/// and renders the after pane once the knobs have rested for <see cref="Debounce"/>: a drag sends many values, one
/// render follows. Each pane counts its renders, and only its newest one, still running, may move it: progress arrives
/// late, and a superseded render's outcome comes after the newer one began. Renders wait for <see cref="StartAsync"/>
/// (the live circuit): a prerender would only throw them away. One session per panel (transient).
/// </summary>
public sealed class SteeringSession(ImageSteering steering, SteeringRenders renders, TimeProvider time)
{
    /// <summary>How long the knobs must rest before the after pane renders.</summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(120);

    private const string SteeringProblem = "Steering:";

    private readonly Dictionary<string, int> _versions = [];
    private readonly List<string> _problems = [];
    private (SteeringKnobs, bool, ImageGrouping)? _shownFor;
    private CancellationTokenSource? _pending;
    private bool _live;

    public WorkspaceContext Workspace { get; private set; } = null!;

    public ImageGrouping Grouping { get; private set; } = null!;

    public SteeringKnobs Knobs { get; private set; } = SteeringKnobs.Empty;

    public bool KeepError { get; private set; } = true;

    /// <summary>The image steered by the knobs; null when nothing is steered (or the edits were refused).</summary>
    public SteeredImage? Steered { get; private set; }

    public RenderView Before { get; private set; } = RenderView.Idle;

    public RenderView After { get; private set; } = RenderView.Idle;

    /// <summary>The permalink Share made for the state shown; any change clears it.</summary>
    public string? Permalink { get; set; }

    /// <summary>What steering refused, and what went wrong here; the address's own problems are the page's.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>Something shown changed (a pane moved, from any thread): the panel draws again on its circuit.</summary>
    public Func<Task> Changed { get; set; } = () => Task.CompletedTask;

    /// <summary>The knobs moved: the browser's address should say so (without a navigation).</summary>
    public Func<string, Task> AddressChanged { get; set; } = _ => Task.CompletedTask;

    /// <summary>The image page's address for the state shown.</summary>
    public string Address => Links.Steered(WorkspaceRef.Of(Workspace), Grouping.Image.Key, Grouping.Settings, Grouping.K, Knobs.Edits, KeepError);

    public string Summary => Knobs.IsEmpty
        ? "Scale, set or remove a group or one of its features and see the image rendered from the steered embedding, x + W_dec^T (f' − f)."
        : $"{Knobs.Count} edit{(Knobs.Count == 1 ? "" : "s")} · {(KeepError ? "x + W_dec^T (f' − f): the SAE's error kept" : "decode(f'): the SAE's reconstruction alone")}";

    /// <summary>Edits over features no knob shows (a group of another grouping, a feature outside this image's code).</summary>
    public IReadOnlyList<SteeringEdit> Unmatched =>
        [.. Knobs.Unmatched(Grouping.Groups.Select(g => (IReadOnlyList<int>)g.Cluster.Features)
            .Concat(Grouping.Groups.SelectMany(g => g.Cluster.Features.Select(f => (IReadOnlyList<int>)new[] { f }))))];

    /// <summary>An addition in a few words: its first features with their values, and where they came from.</summary>
    public static string Describe(AddFeatures add) =>
        $"{string.Join(", ", add.Features.Take(4).Select(p => string.Create(CultureInfo.InvariantCulture, $"#{p.Feature} {p.Value:G3}")))}" +
        (add.Features.Count > 4 ? $" … ({add.Features.Count} features)" : "") + (add.Source is { } s ? $" from {s}" : "");

    /// <summary>Shows the state an address asked for; the same address again (a re-render of the page) changes nothing.</summary>
    public void Show(WorkspaceContext workspace, ImageGrouping grouping, SteeringKnobs knobs, bool keepError)
    {
        if (_shownFor is { } shown && ReferenceEquals(shown.Item3, grouping) && shown.Item1 == knobs && shown.Item2 == keepError) return;
        _shownFor = (knobs, keepError, grouping);
        Workspace = workspace;
        Grouping = grouping;
        Knobs = knobs;
        KeepError = keepError;
        Permalink = null;
        _problems.Clear();
        Steer();
        if (_live) _ = RenderAllAsync();
    }

    /// <summary>The circuit is live: render both panes, and from now on every change.</summary>
    public Task StartAsync()
    {
        _live = true;
        return RenderAllAsync();
    }

    public Task ChangeKnobsAsync(SteeringKnobs knobs)
    {
        Knobs = knobs;
        Permalink = null;
        return ChangedAsync();
    }

    public Task ChangeKeepErrorAsync(bool keep)
    {
        KeepError = keep;
        Permalink = null;
        return ChangedAsync();
    }

    /// <summary>A problem to show beside steering's own (e.g. Share failed).</summary>
    public void Report(string problem) => _problems.Add(problem);

    /// <summary>Drops a render still waiting for the knobs to rest (the panel is gone).</summary>
    public void Stop() => _pending?.Cancel();

    private async Task ChangedAsync()
    {
        Steer();
        await AddressChanged(Address);
        _pending?.Cancel();
        var pending = _pending = new CancellationTokenSource();
        try
        {
            await Task.Delay(Debounce, time, pending.Token);
        }
        catch (OperationCanceledException)
        {
            return; // a newer change came within the pause: its render follows
        }
        await RenderAfterAsync(pending.Token);
    }

    private void Steer()
    {
        _problems.RemoveAll(p => p.StartsWith(SteeringProblem, StringComparison.Ordinal));
        try
        {
            Steered = Knobs.IsEmpty && KeepError ? null : steering.Steer(Workspace, Grouping.Image, Grouping.Code, Knobs.Edits, KeepError);
        }
        catch (SteeringEditException e)
        {
            Steered = null;
            _problems.Add($"{SteeringProblem} {e.Message}");
        }
    }

    private async Task RenderAllAsync()
    {
        var before = RenderAsync(SteeringRenders.BeforeSlot, Grouping.Image.Embedding!, v => Before = v, CancellationToken.None);
        await Task.WhenAll(before, RenderAfterAsync(CancellationToken.None));
    }

    private Task RenderAfterAsync(CancellationToken ct)
    {
        if (Steered is not { } steered)
        {
            renders.Cancel(SteeringRenders.AfterSlot);
            After = RenderView.Idle;
            return Changed();
        }
        return RenderAsync(SteeringRenders.AfterSlot, steered.Result.Embedding, v => After = v, ct);
    }

    private async Task RenderAsync(string slot, float[] embedding, Action<RenderView> show, CancellationToken ct)
    {
        var version = _versions[slot] = _versions.GetValueOrDefault(slot) + 1;
        var finished = false;
        show(RenderView.Queued);
        await Changed();
        var view = await renders.RenderAsync(slot, Workspace, Grouping.Image, embedding, p =>
        {
            if (finished || _versions[slot] != version) return;
            show(new RenderView(p, null, new Dictionary<int, ImageRef>()));
            _ = Changed();
        }, ct);
        finished = true;
        if (_versions[slot] != version) return; // superseded: the pane is the newer render's
        show(view);
        await Changed();
    }
}
