using SaeExplorer.Core.Labeling;
using SaeExplorer.Data.Features;
using SaeExplorer.Data.Saes;
using SaeExplorer.Data.Workspaces;

namespace SaeExplorer.Web.Services.Autointerp;

/// <summary>The top labels of a workspace's alive features (those that fire on at least one corpus image, as the feature list counts them).</summary>
/// <param name="Alive">Alive features.</param>
/// <param name="Labelled">Alive features with a top label (a person's or an automatic one).</param>
/// <param name="Scored">Alive features whose top label has a detection score.</param>
/// <param name="AboveCut">Alive features whose top label scores above the cut.</param>
/// <param name="Scores">The held-out AUROC of each scored top label, for the histogram.</param>
/// <param name="Testable">Features that fire on at least one held-out image (training's evaluation); null before it ran.
/// Only these can score above chance: a feature silent on every held-out image scores 0.5 whatever its label.</param>
/// <param name="Named">Alive features shown by name: their top label is a person's or says something on held-out images
/// (<see cref="FeatureName"/>); the others show as unlabelled.</param>
public sealed record TopLabelScores(int Alive, int Labelled, int Scored, int AboveCut, IReadOnlyList<double> Scores, int? Testable = null, int Named = 0)
{
    /// <summary>Named over all alive features; null with none alive.</summary>
    public double? ShareNamed => Alive == 0 ? null : Named / (double)Alive;

    /// <summary>AboveCut over all alive features (an unlabelled or unscored one counts as not above); null with none alive.</summary>
    public double? ShareAboveCut => Alive == 0 ? null : AboveCut / (double)Alive;

    /// <summary>AboveCut over the features the held-out split can test; null when that count is unknown or zero.</summary>
    public double? ShareOfTestable => Testable is > 0 and var n ? AboveCut / (double)n : null;
}

/// <summary>The workspace report: top label scores, read live, and what the label stage kept (purity, its run's counts).</summary>
/// <param name="Workspace">The workspace and SAE reported on (links keep to that SAE).</param>
/// <param name="Stored">Null until the label stage has run on the SAE.</param>
/// <param name="NameMargin">Chance standard errors an automatic label's held-out AUROC must clear to be shown as a name (Autointerp:NameMargin).</param>
public sealed record WorkspaceReport(WorkspaceRef Workspace, double Cut, TopLabelScores Labels, StoredReport? Stored, double NameMargin = 2);

/// <summary>Builds <see cref="WorkspaceReport"/> for the report page and the home card line.</summary>
public sealed class WorkspaceReports(WorkspaceQueries workspaces, FeatureQueries features, SaeStore saes, AutointerpOptions autointerp)
{
    /// <summary>The cut the report counts above: the autointerp report's (Autointerp:AurocCut, AUROC 0.8 by default).</summary>
    private double Cut => autointerp.AurocCut;

    /// <summary>Null for an unknown workspace or SAE, or one without an SAE yet.</summary>
    public async Task<WorkspaceReport?> ForAsync(WorkspaceRef workspace, CancellationToken ct = default)
    {
        if (await workspaces.FindAsync(workspace.Name, workspace.Sae, ct) is not { SaeId: { } saeId }) return null;
        var alive = await features.AliveTopLabelsAsync(saeId, ct);
        var scores = alive.Where(a => a.Score is not null).Select(a => a.Score!.Value).ToList();
        var sae = await saes.ReportAsync(saeId, ct) ?? throw new InvalidOperationException($"SAE {saeId} is gone");
        var testable = SaeSummary.AliveOnHeldOut(sae.DSae, sae.DeadShare);
        var labels = new TopLabelScores(alive.Count, alive.Count(a => a.HasLabel), scores.Count, scores.Count(s => s > Cut), scores, testable,
            alive.Count(a => a.IsName));
        return new WorkspaceReport(workspace, Cut, labels, StoredReport.FromJson(sae.ReportJson), autointerp.NameMargin);
    }
}
