using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using SaeExplorer.Core.Labeling.Vision;
using SaeExplorer.Data.Labels;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Services.Labels;
using SaeExplorer.Web.Services.Live;

namespace SaeExplorer.Web.Services.Autointerp;

/// <summary>One feature's ask as its page shows it: running with what it is doing, or how it ended.</summary>
public sealed record VisionAsk(bool Running, string Status, string? Label = null);

/// <summary>
/// The feature page's "ask the model" button: a labeller's ask runs in the background (<see cref="VisionLabelling"/>),
/// never on the page's circuit, one at a time per feature whoever clicks; each step (asking, each wait before a retry,
/// the answer or why there is none) is kept here and published on the feature's ask topic, so every page open on the
/// feature follows it. The label itself arrives through the labels' own topic like any other write.
/// </summary>
public sealed class VisionAsks(VisionLabelling labelling, LabelWrites writes, LiveUpdates live, IHostApplicationLifetime lifetime,
    ILogger<VisionAsks> log)
{
    private readonly ConcurrentDictionary<(int SaeId, int Feature), VisionAsk> _asks = new();

    public bool IsConfigured => labelling.IsConfigured;

    public static string Topic(int saeId, int feature) => $"vision/{saeId}/{feature}";

    /// <summary>The feature's latest ask in this run of the app; null when nobody has asked.</summary>
    public VisionAsk? Of(int saeId, int feature) => _asks.GetValueOrDefault((saeId, feature));

    /// <summary>Starts an ask unless one for the feature is running, and returns at once.</summary>
    /// <exception cref="WriteRefusedException">Nobody is signed in, or the user is a viewer.</exception>
    public async Task StartAsync(ClaimsPrincipal user, WorkspaceContext context, int feature)
    {
        await writes.LabellerAsync(user);
        var key = (context.SaeId ?? throw new InvalidOperationException($"workspace '{context.Name}' has no SAE yet"), feature);
        var asking = new VisionAsk(true, $"asking {labelling.Model} about its top images…");
        if (_asks.TryGetValue(key, out var current) && current.Running) return;
        if (current is null ? !_asks.TryAdd(key, asking) : !_asks.TryUpdate(key, asking, current)) return; // a click in between won
        live.Publish(Topic(key.Item1, feature));
        _ = Task.Run(() => AskAsync(context, key));
    }

    private async Task AskAsync(WorkspaceContext context, (int SaeId, int Feature) key)
    {
        VisionAsk end;
        try
        {
            var outcome = await labelling.AskAsync(context, key.Feature, new Core.SyncProgress<string>(status => Set(key, new VisionAsk(true, status))),
                lifetime.ApplicationStopping);
            end = outcome.Label is { Term: { } term } label
                ? new VisionAsk(false, $"the model says “{term.Text}” ({Scored(label.HeldOut)})", term.Text)
                : new VisionAsk(false, $"no label: {outcome.Refused}");
        }
        catch (VisionRequestException e)
        {
            end = new VisionAsk(false, $"no answer: {e.Message}");
        }
        catch (OperationCanceledException)
        {
            end = new VisionAsk(false, "stopped: the app is shutting down");
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or InvalidOperationException or LabelTargetNotFoundException)
        {
            log.LogWarning(e, "Asking the vision model about feature {Feature} of SAE {Sae} failed.", key.Feature, key.SaeId);
            end = new VisionAsk(false, $"failed: {e.Message}");
        }
        Set(key, end);
    }

    private static string Scored(Core.Labeling.DetectionScore score) => score.Auroc is { } auroc
        ? string.Create(CultureInfo.InvariantCulture, $"held-out AUROC {auroc:F2}")
        : $"no held-out score: {score.Note}";

    private void Set((int SaeId, int Feature) key, VisionAsk ask)
    {
        _asks[key] = ask;
        live.Publish(Topic(key.SaeId, key.Feature));
    }
}
