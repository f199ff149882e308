using System.CommandLine;
using SaeExplorer.Core;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Sae.Model;
using SaeExplorer.Core.Sae.Training;
using Spectre.Console;

namespace SaeExplorer.Cli.Commands;

/// <summary>`saex train`: a vanilla ReLU or TopK SAE on an embeddings file; settings from appsettings "Training", flags override.</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var embeddings = new Option<FileInfo>("--embeddings") { Description = "Embeddings (.npy, rows = images).", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for the trained SAE (SAELens layout), metrics.json and checkpoints.", Required = true };
        var architecture = new Option<SaeArchitecture?>("--architecture") { Description = "standard (vanilla ReLU + L1) or topk." };
        var k = new Option<int?>("--k") { Description = "topk: active features per input." };
        var expansion = new Option<int?>("--expansion") { Description = "d_sae = expansion x d_in." };
        var l1 = new Option<float?>("--l1") { Description = "standard: L1 coefficient (lambda)." };
        var lr = new Option<float?>("--lr") { Description = "Adam learning rate." };
        var steps = new Option<int?>("--steps") { Description = "Training steps (0: use --epochs)." };
        var epochs = new Option<int?>("--epochs") { Description = "Passes over the training rows when --steps is 0." };
        var batch = new Option<int?>("--batch-size") { Description = "Rows per step." };
        var device = new Option<string?>("--device") { Description = "cpu or cuda (falls back to cpu)." };
        var resume = new Option<bool>("--resume") { Description = "Continue from the latest checkpoint in --out." };

        var command = new Command("train", "Train an SAE on embeddings: the vanilla ReLU recipe of Daujotas, \"Case Study: Interpreting, Manipulating, and Controlling CLIP With Sparse Autoencoders\", 2024, or TopK.")
        {
            embeddings, output, architecture, k, expansion, l1, lr, steps, epochs, batch, device, resume,
        };
        command.SetAction((parse, ct) =>
        {
            var settings = CliSettings.Get<TrainerOptions>(CliSettings.Load());
            var outDir = parse.GetRequiredValue(output).FullName;
            settings = settings with
            {
                Architecture = parse.GetValue(architecture) ?? settings.Architecture,
                K = parse.GetValue(k) ?? settings.K,
                Expansion = parse.GetValue(expansion) ?? settings.Expansion,
                L1Coefficient = parse.GetValue(l1) ?? settings.L1Coefficient,
                LearningRate = parse.GetValue(lr) ?? settings.LearningRate,
                Steps = parse.GetValue(steps) ?? settings.Steps,
                Epochs = parse.GetValue(epochs) ?? settings.Epochs,
                BatchSize = parse.GetValue(batch) ?? settings.BatchSize,
                Device = parse.GetValue(device) ?? settings.Device,
                CheckpointDirectory = Path.Combine(outDir, "checkpoints"),
            };
            return Task.FromResult(Cli.Guard(() => Run(parse.GetRequiredValue(embeddings).FullName, outDir, settings, parse.GetValue(resume), ct)));
        });
        return command;
    }

    private static int Run(string embeddingsPath, string outDir, TrainerOptions settings, bool resume, CancellationToken ct)
    {
        using var data = NpyFile.Open(embeddingsPath);
        var trainer = new SaeTrainer(settings, message => AnsiConsole.MarkupLineInterpolated($"[grey]{message}[/]"));
        var checkpoint = resume ? SaeTrainer.LatestCheckpoint(settings.CheckpointDirectory!) : null;
        if (resume && checkpoint == null) AnsiConsole.MarkupLine("[yellow]no checkpoint found: starting from scratch[/]");

        TrainingResult result = null!;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(progress =>
            {
                var task = progress.AddTask("train", maxValue: 1);
                var reporter = new SyncProgress<TrainingProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.TotalSteps);
                    task.Value = p.Step;
                    task.Description = $"train  loss {p.Loss:F3}  EV {p.ExplainedVariance:P1}  L0 {p.L0:F1}  dead {p.DeadShare:P1}";
                });
                result = checkpoint != null ? trainer.Resume(checkpoint, data, reporter, ct) : trainer.Train(data, reporter, ct);
            });

        using var sae = result.Sae;
        SaeLensSaver.Save(sae, outDir);
        if (result.HeldOut is { } metrics)
        {
            File.WriteAllText(Path.Combine(outDir, "metrics.json"), metrics.ToJson());
            MetricsTable.Write(metrics);
        }
        var kind = sae.Config.K is { } kept ? $"topk (k={kept})" : sae.Config.Architecture.ToString().ToLowerInvariant();
        AnsiConsole.MarkupLineInterpolated($"saved {sae.DIn} -> {sae.DSae} {kind} SAE after {result.Steps} steps to {outDir}");
        return 0;
    }
}
