using SaeExplorer.Data.Labels;
using SaeExplorer.Data.Saes;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Services.Autointerp;
using SaeExplorer.Web.Services.Live;

namespace SaeExplorer.Web.Services.Preparation;

/// <summary>
/// An SAE stage: names every alive feature of the SAE from the workspace manifest's vocabulary (the labels
/// <c>saex autointerp --json</c> prints for the same files), writes them as autointerp labels with their held-out AUROC
/// and balanced accuracy (and, for a score that says nothing, the note why: such a label is only the feature's
/// candidate, see <see cref="Core.Labeling.LabelEvidence"/>), scores every person's label against the same vocabulary, and keeps the report's purity of
/// SAE features against raw dimensions. Running it again replaces only its own labels (people's are never touched), so
/// an interrupted or repeated run ends in the same state. A workspace without categories or captions is recorded as
/// skipped, with the reason, instead of failing.
/// </summary>
public sealed class LabelFeaturesStage(
    WorkspaceQueries workspaces,
    SaeStore saes,
    AutointerpRuns runs,
    AutoLabelStore labels,
    HumanLabelScores humanScores,
    LiveUpdates live,
    ILogger<LabelFeaturesStage> log) : IPreparationStage
{
    private const int Steps = 4; // name, write, score people's labels, keep the report

    /// <summary>v2 keeps purity's chance and standard error and the caveat of scores the held-out split cannot test;
    /// v3 notes every score that does not beat chance by a clear margin, so only labels that say something are shown
    /// as names, and names from a vocabulary without codes. A new key is a stage a workspace has not run: those labelled
    /// by an earlier version run it (and the stages after it) again at the next start.</summary>
    public const string StageKey = "label-v3";

    public string Key => StageKey;
    public string Title => "label features";
    public int Order => 40;
    public StageScope Scope => StageScope.Sae;

    public async Task RunAsync(PreparationContext context, CancellationToken ct)
    {
        var saeId = context.RequireSae().Id;
        if (await workspaces.FindByIdAsync(context.WorkspaceId, saeId, ct) is not { SaeId: { } found } || found != saeId)
            throw new InvalidOperationException($"SAE '{context.RequireSae().Name}' is gone");
        context.Report(0, Steps);
        var run = await runs.RunAsync(saeId, ct) ?? throw new InvalidOperationException("the workspace has no embeddings to label from");
        context.Report(1, Steps);

        var changes = new AutoLabelChanges(0, 0, 0, 0);
        if (run.Result is { } result)
        {
            var named = result.Labels.Where(l => l.Term is not null)
                .Select(l => new FeatureLabelInput(l.Feature, l.Term!.Text, l.HeldOut.Auroc, l.HeldOut.BalancedAccuracy,
                    l.Evidence(result.Report.NameMargin).Note))
                .ToList();
            changes = await labels.ReplaceAutoLabelsAsync(saeId, LabelSource.Autointerp(result.Report.Method), named, ct);
            live.PublishLabels(named.Select(f => new LabelTarget.OfFeature(saeId, f.Feature)));
        }
        else log.LogWarning("Workspace {Name}: features not named: {Reason}", context.WorkspaceName, run.Skipped);
        context.Report(2, Steps);

        var scored = run.Result is null ? 0 : await humanScores.ScoreAllAsync(run, ct);
        context.Report(3, Steps);

        var report = StoredReport.Of(run, runs.Method, DateTimeOffset.UtcNow).ToJson();
        await saes.SetReportAsync(saeId, report, ct);
        context.Report(Steps, Steps);
        log.LogInformation("Workspace {Name}: autointerp labels {Added} added, {Changed} changed, {Removed} removed, {Unchanged} unchanged; {Scored} people's labels scored.",
            context.WorkspaceName, changes.Added, changes.Changed, changes.Removed, changes.Unchanged, scored);
    }
}
