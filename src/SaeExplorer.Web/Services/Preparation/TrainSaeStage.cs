using SaeExplorer.Core;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Sae.Training;
using SaeExplorer.Data.Saes;

namespace SaeExplorer.Web.Services.Preparation;

/// <summary>
/// Stage 2: an SAE on the workspace's embeddings (settings: appsettings "Training"; the demo default is TopK, docs/demo-sae-frontier.md).
/// Checkpoints as it goes, so a restart resumes from the last one instead of starting over.
/// </summary>
public sealed class TrainSaeStage(
    SaeStore saes,
    TrainerOptions training,
    ILogger<TrainSaeStage> log) : IPreparationStage
{
    public string Key => "train";
    public string Title => "train SAE";
    public int Order => 20;

    public async Task RunAsync(PreparationContext context, CancellationToken ct)
    {
        var embeddingsPath = context.RequireEmbeddings();
        var checkpoints = context.Files.SaeCheckpoints;
        var options = training with { CheckpointDirectory = checkpoints, CheckpointEvery = training.CheckpointEvery > 0 ? training.CheckpointEvery : 200 };
        var trainer = new SaeTrainer(options, message => log.LogInformation("{Message}", message));
        using var data = NpyFile.Open(embeddingsPath);
        var progress = new SyncProgress<TrainingProgress>(p => context.Report(p.Step, p.TotalSteps));
        var started = DateTime.UtcNow;
        var resumeFrom = Directory.Exists(checkpoints) ? SaeTrainer.LatestCheckpoint(checkpoints) : null;
        if (resumeFrom != null) log.LogInformation("Resuming SAE training from {Checkpoint}.", resumeFrom);
        var result = resumeFrom != null ? trainer.Resume(resumeFrom, data, progress, ct) : trainer.Train(data, progress, ct);

        using var sae = result.Sae;
        var folder = context.Files.Sae;
        SaeLensSaver.Save(sae, folder);
        var metrics = result.HeldOut;
        await saes.ReplaceAsync(new WorkspaceSae
        {
            WorkspaceId = context.WorkspaceId, Name = $"{context.WorkspaceName}-sae", Origin = "trained", Path = folder,
            Architecture = sae.Config.Architecture.ToString().ToLowerInvariant(), DIn = sae.DIn, DSae = sae.DSae,
            IsActive = true, TrainingSteps = result.Steps, TrainingSeconds = (DateTime.UtcNow - started).TotalSeconds,
            EvaluatedSamples = metrics?.Samples, ExplainedVariance = metrics?.ExplainedVariance, Mse = metrics?.Mse,
            MeanCosine = metrics?.MeanCosine, L0 = metrics?.L0, DeadShare = metrics?.DeadShare, DenseShare = metrics?.DenseShare,
            MetricsJson = metrics?.ToJson(), CreatedAt = DateTimeOffset.UtcNow,
        }, ct);
        Directory.Delete(checkpoints, recursive: true);
        log.LogInformation("Trained {DIn} -> {DSae} SAE: held-out EV {Ev:F3}, L0 {L0:F1}, dead {Dead:P1}.",
            sae.DIn, sae.DSae, metrics?.ExplainedVariance, metrics?.L0, metrics?.DeadShare);
    }
}
