using SaeExplorer.Core.Rendering;
using SaeExplorer.Core.Rendering.Icons;
using SaeExplorer.Core.Rendering.Retrieval;
using SaeExplorer.Core.Steering;
using SaeExplorer.Data.Features;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Services.Icons;
using SaeExplorer.Web.Services.Rendering;
using SaeExplorer.Web.Services.Sae;

namespace SaeExplorer.Web.Services.Preparation;

/// <summary>
/// An SAE stage: an icon per alive feature, its decoder direction set to its icon value (Icons:Value, or
/// Icons:ValueRelativeToMax times its max activation) on the corpus mean embedding, drawn by the workspace's renderer
/// (<see cref="IRendererSource"/>). Retrieval takes the whole set in a few passes over the corpus; Kandinsky renders
/// go through the device's render queue as the user "icons", one at a time. Icons are saved as they are drawn
/// (<see cref="FeatureIconBuilder"/>), so a restart continues where it stopped.
/// </summary>
public sealed class IconsStage(
    WorkspaceQueries workspaces,
    FeatureQueries features,
    SaeModelCache models,
    RowNormCache norms,
    IRendererSource renderers,
    RenderWorkers workers,
    IconOptions options,
    ILogger<IconsStage> log) : IPreparationStage
{
    /// <summary>The render queue's user for icons: the fair queue gives people's renders their turns in between.</summary>
    public const string QueueUser = "icons";

    private static readonly TimeSpan RetryRefused = TimeSpan.FromSeconds(1);

    public string Key => "icons";
    public string Title => "draw feature icons";
    public int Order => 50;
    public StageScope Scope => StageScope.Sae;

    public async Task RunAsync(PreparationContext context, CancellationToken ct)
    {
        if (!options.Enabled)
        {
            log.LogInformation("Icons:Enabled is false: workspace {Name} gets no feature icons.", context.WorkspaceName);
            return;
        }
        var target = context.RequireSae();
        var workspace = await workspaces.FindByIdAsync(context.WorkspaceId, target.Id, ct) ?? throw new InvalidOperationException("the workspace is gone");
        if (workspace is not { SaeId: { } saeId, Space: { } space } || saeId != target.Id)
            throw new InvalidOperationException($"SAE '{target.Name}' has no index yet");
        var targets = (await features.AliveMaxActivationsAsync(saeId, ct))
            .Select(f => new FeatureValue(f.Feature, options.ValueFor(f.MaxActivation))).ToList();

        // The neutral base is the corpus mean: what centred retrieval measures from, cached with its norms.
        var mean = norms.For(models.Embeddings(workspace), cancellationToken: ct, centred: true).Center!;
        var selection = await renderers.ForAsync(workspace, ct);
        var plan = new IconPlan(models.Sae(workspace), models.Fingerprint(workspace), mean, space, targets, options);
        var set = await new FeatureIconBuilder(FeatureIcons.Folder(workspace))
            .BuildAsync(plan, selection.Renderer, request => QueuedAsync(selection.Renderer, request), context.Report, ct);
        log.LogInformation("Workspace {Name}: {Icons} feature icons by {Renderer}{Note}.", workspace.Name, set.Icons.Count,
            set.Renderer, selection.Note is null ? "" : $" ({selection.Note})");
    }

    /// <summary>Through the device's queue, waiting while it is full or the icons' rate is spent.</summary>
    private async Task<RenderResult> QueuedAsync(IRenderer renderer, RenderRequest request)
    {
        var worker = workers.For(renderer.Device);
        while (true)
        {
            var submission = worker.Submit(QueueUser, renderer, request);
            if (submission.Completion is { } completion) return await completion.ConfigureAwait(false);
            await Task.Delay(RetryRefused, request.CancellationToken).ConfigureAwait(false);
        }
    }
}
