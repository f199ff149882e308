using SaeExplorer.Data.Labels;
using SaeExplorer.Web.Services.Live;

namespace SaeExplorer.Web.Services.Autointerp;

/// <summary>
/// Gives a person's feature label its detection score (item 6: every label, human or automatic): the held-out AUROC of
/// the vocabulary term it names, or the note that its text is not in the vocabulary. Runs after the write, off the
/// writer's path (the first score after a restart builds the SAE's run), then tells the feature's pages.
/// </summary>
public sealed class HumanLabelScores(AutointerpRuns runs, AutoLabelStore labels, LiveUpdates live, ILogger<HumanLabelScores> log)
{
    /// <summary>Scores the label in the background; an edit in the meantime leaves the newer text to its own scoring.</summary>
    public void ScoreLater(int labelId, LabelTarget target, string text)
    {
        if (target is not LabelTarget.OfFeature feature) return; // groups have no single activation to detect
        _ = Task.Run(async () =>
        {
            try
            {
                // No vocabulary (or no files): nothing to score against, and a score the writer gave stays.
                if (await runs.ForSaeAsync(feature.SaeId) is not { Result: not null } run) return;
                await labels.SetScoreAsync(labelId, run.Score(feature.Feature, text), CancellationToken.None, ifText: LabelText.Label(text));
                live.PublishLabels([target]);
            }
            catch (Exception e) when (e is LabelTargetNotFoundException or IOException or InvalidDataException or ArgumentException)
            {
                log.LogWarning("Label {Id} was not scored: {Reason}", labelId, e.Message); // deleted meanwhile, or the files are gone
            }
        });
    }

    /// <summary>Scores every person's label on the SAE's features against <paramref name="run"/> (the stage's pass).</summary>
    public async Task<int> ScoreAllAsync(WorkspaceLabeling run, CancellationToken ct)
    {
        var human = await labels.HumanFeatureLabelsAsync(run.SaeId, ct);
        foreach (var label in human) await labels.SetScoreAsync(label.Id, run.Score(label.Feature, label.Text), ct, ifText: label.Text);
        live.PublishLabels(human.Select(l => new LabelTarget.OfFeature(run.SaeId, l.Feature)).Distinct());
        return human.Count;
    }
}
