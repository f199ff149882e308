using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Services.Autointerp;

namespace SaeExplorer.Web.Services.Preparation;

/// <summary>
/// The optional last stage, registered only when Autointerp:Vision names an endpoint (and InPreparation is on): asks
/// the vision model about each SAE's alive features without a vision label, at most MaxFeaturesPerRun of them, each
/// answer written as it arrives (<see cref="VisionLabelling"/>). It comes after the icons, so the workspace is whole
/// while it runs. An endpoint that keeps failing ends the stage with a warning, not a failed workspace: the labels
/// written so far stay, and the next run (the feature page's button, <c>saex autointerp --method vision</c>, or this
/// stage after a restart cut it short) goes on from there.
/// </summary>
public sealed class VisionLabelStage(VisionLabelling labelling, WorkspaceQueries workspaces, ILogger<VisionLabelStage> log) : IPreparationStage
{
    public const string StageKey = "label-vision";

    public string Key => StageKey;
    public string Title => "ask the vision model";
    public int Order => 60;
    public StageScope Scope => StageScope.Sae;

    public async Task RunAsync(PreparationContext context, CancellationToken ct)
    {
        var workspace = await workspaces.FindByIdAsync(context.WorkspaceId, context.RequireSae().Id, ct) ?? throw new InvalidOperationException("the workspace is gone");
        var summary = await labelling.RunAsync(workspace, context.Report, ct);
        if (summary.Stopped is { } why)
            log.LogWarning("Workspace {Name}: vision labels stopped after {Asked} of {Pending} features ({Labelled} labelled): {Reason}",
                context.WorkspaceName, summary.Asked, summary.Pending, summary.Labelled, why);
        else
            log.LogInformation("Workspace {Name}: the vision model answered for {Asked} features: {Labelled} labelled, {Refused} refused.",
                context.WorkspaceName, summary.Asked, summary.Labelled, summary.Refused);
    }
}
