using SaeExplorer.Core;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Sae.Training;
using SaeExplorer.Data.Saes;

namespace SaeExplorer.Web.Services.Preparation;

/// <summary>
/// The first SAE stage of an SAE trained here: an SAE on the workspace's embeddings (settings: appsettings "Training";
/// the demo default is TopK, docs/demo-sae-frontier.md). Checkpoints as it goes, so a restart resumes from the last one
/// instead of starting over. An imported SAE is loaded instead (<see cref="LoadSaeStage"/>).
/// </summary>
public sealed class TrainSaeStage(
    SaeStore saes,
    TrainerOptions training,
    ILogger<TrainSaeStage> log) : IPreparationStage
{
    public string Key => "train";
    public string Title => "train SAE";
    public int Order => 20;
    public StageScope Scope => StageScope.Sae;

    public bool AppliesTo(SaeTarget sae) => sae.Origin == WorkspaceSae.Trained;

    public async Task RunAsync(PreparationContext context, CancellationToken ct)
    {
        var target = context.RequireSae();
        var embeddingsPath = context.RequireEmbeddings();
        var checkpoints = target.Files.Checkpoints;
        var options = training with { CheckpointDirectory = checkpoints, CheckpointEvery = training.CheckpointEvery > 0 ? training.CheckpointEvery : 200 };
        var trainer = new SaeTrainer(options, message => log.LogInformation("{Message}", message));
        using var data = NpyFile.Open(embeddingsPath);
        var progress = new SyncProgress<TrainingProgress>(p => context.Report(p.Step, p.TotalSteps));
        var started = DateTime.UtcNow;
        var resumeFrom = Directory.Exists(checkpoints) ? SaeTrainer.LatestCheckpoint(checkpoints) : null;
        if (resumeFrom != null) log.LogInformation("Resuming SAE training from {Checkpoint}.", resumeFrom);
        var result = resumeFrom != null ? trainer.Resume(resumeFrom, data, progress, ct) : trainer.Train(data, progress, ct);

        using var sae = result.Sae;
        var folder = target.Files.Weights;
        SaeLensSaver.Save(sae, folder);
        var metrics = result.HeldOut;
        await saes.RecordAsync(target.Id, row =>
        {
            (row.Path, row.Format, row.Architecture, row.DIn, row.DSae) =
                (folder, SaeFormatNames.Name(SaeFormat.SaeLens), sae.Config.Architecture.ToString().ToLowerInvariant(), sae.DIn, sae.DSae);
            (row.Fingerprint, row.Normalization) = (ModelFingerprint.Of(Path.Combine(folder, SaeLensLoader.WeightsFile)),
                SaeLensConfig.NormalizationName(sae.Config.Normalization));
            (row.TrainingSteps, row.TrainingSeconds) = (result.Steps, (DateTime.UtcNow - started).TotalSeconds);
            (row.EvaluatedSamples, row.ExplainedVariance, row.Mse, row.MeanCosine) = (metrics?.Samples, metrics?.ExplainedVariance, metrics?.Mse, metrics?.MeanCosine);
            (row.L0, row.DeadShare, row.DenseShare, row.MetricsJson) = (metrics?.L0, metrics?.DeadShare, metrics?.DenseShare, metrics?.ToJson());
        }, ct);
        Directory.Delete(checkpoints, recursive: true);
        log.LogInformation("Trained {DIn} -> {DSae} SAE: held-out EV {Ev:F3}, L0 {L0:F1}, dead {Dead:P1}.",
            sae.DIn, sae.DSae, metrics?.ExplainedVariance, metrics?.L0, metrics?.DeadShare);
    }
}
