using System.Diagnostics;
using System.Globalization;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Sae.Metrics;
using SaeExplorer.Core.Sae.Model;
using static TorchSharp.torch;

namespace SaeExplorer.Core.Sae.Training;

/// <summary>What a training run produced. The caller owns (and disposes) <see cref="Sae"/>.</summary>
/// <param name="HeldOutRows">The rows of the embeddings the run kept out of training (sorted), which
/// <see cref="HeldOut"/> was measured on, and on which the purity of features can be computed.</param>
public sealed record TrainingResult(SparseAutoencoder Sae, SaeMetrics? HeldOut, int Steps, IReadOnlyList<TrainingProgress> History,
    string? LastCheckpoint, IReadOnlyList<long> HeldOutRows);

/// <summary>
/// Trains an SAE on embeddings with Adam, through the model's own forward pass (<see cref="SaeForward"/>):
/// the vanilla ReLU SAE of Daujotas, "Case Study: Interpreting, Manipulating, and Controlling CLIP With Sparse
/// Autoencoders", 2024 (<see cref="L1Objective"/>), or TopK (<see cref="TopKObjective"/>).
/// Init as SAELens (<see cref="SaeParameters"/>); dead features (not fired for DeadWindow steps) can be
/// resampled Anthropic-style (<see cref="Resampler"/>); checkpoints let a run resume exactly (<see cref="TrainerCheckpoints"/>).
/// </summary>
public sealed class SaeTrainer
{
    private readonly TrainerOptions _o;
    private readonly Action<string> _log;

    public SaeTrainer(TrainerOptions options, Action<string>? log = null)
    {
        options.Validate();
        _o = options;
        _log = log ?? (_ => { });
    }

    public TrainingResult Train(IEmbeddingMatrix data, IProgress<TrainingProgress>? progress = null, CancellationToken ct = default) =>
        Run(data, null, progress, ct);

    /// <summary>Continues from a checkpoint folder written by this trainer (SAELens files + trainer_state.json).</summary>
    public TrainingResult Resume(string checkpoint, IEmbeddingMatrix data, IProgress<TrainingProgress>? progress = null,
        CancellationToken ct = default) => Run(data, checkpoint, progress, ct);

    /// <summary>The newest step_* checkpoint under a folder, or null.</summary>
    public static string? LatestCheckpoint(string folder) => TrainerCheckpoints.Latest(folder);

    private TrainingResult Run(IEmbeddingMatrix data, string? resumeFrom, IProgress<TrainingProgress>? progress, CancellationToken ct)
    {
        _o.ValidateFor(data.Columns);
        var before = get_num_threads();
        var flopsPerMatmul = (long)_o.BatchSize * data.Columns * data.Columns * _o.Expansion;
        var threads = _o.Threads > 0 ? _o.Threads : flopsPerMatmul < (1L << 24) ? 1 : before;
        if (threads != before) set_num_threads(threads);
        try { return RunCore(data, resumeFrom, progress, ct); }
        finally { if (threads != before) set_num_threads(before); }
    }

    private TrainingResult RunCore(IEmbeddingMatrix data, string? resumeFrom, IProgress<TrainingProgress>? progress, CancellationToken ct)
    {
        var dev = PickDevice();
        var state = resumeFrom is null ? null : TrainerState.Load(resumeFrom);
        using var rows = new TrainingData(data, _o, state?.NormScalingFactor, dev);
        var config = TrainedConfig(data.Columns, rows.ScaleConstant);
        var totalSteps = _o.Steps > 0 ? _o.Steps : (int)Math.Ceiling((double)rows.Split.Train.Length * _o.Epochs / _o.BatchSize);
        var startStep = state?.Step ?? 0;

        using var p = resumeFrom is null
            ? SaeParameters.Initial(config.DIn, config.DSae, _o.Seed, rows.InitialDecoderBias(_o.BDecInit), dev)
            : SaeParameters.FromCheckpoint(resumeFrom, config, dev);
        using var adam = new AdamState(p.All);
        if (resumeFrom is not null) TrainerCheckpoints.LoadOptimizer(resumeFrom, adam, state!, dev);
        var dead = new DeadFeatures(config.DSae, _o.DeadWindow, state?.StepsSinceFired);
        var objective = TrainingObjective.For(_o, config);
        var resampler = new Resampler(_o, config, _log);
        var checkpoints = _o.CheckpointDirectory is { } dir ? new TrainerCheckpoints(dir, _o.Seed, _log) : null;
        var history = new List<TrainingProgress>();
        var clock = Stopwatch.StartNew();
        string? lastCheckpoint = null;

        for (var step = startStep; step < totalSteps; step++)
        {
            ct.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var x = rows.Batch(step);
            var loss = objective.Loss(x, p, step, dead);
            adam.ZeroGrad();
            loss.Loss.backward();
            objective.BeforeUpdate(p);
            adam.Update(_o.LearningRate * Math.Min(1f, (step + 1f) / Math.Max(1, _o.WarmupSteps)));
            objective.AfterUpdate(p);
            dead.Observe(loss.Activations);
            if (resampler.IsDue(step)) resampler.Resample(step, rows, p, adam, dead);

            var done = step + 1;
            if (done % _o.ProgressEvery == 0 || done == totalSteps)
            {
                var report = Progress(done, totalSteps, x, loss, dead, clock.Elapsed, done - startStep);
                history.Add(report);
                progress?.Report(report);
            }
            if (checkpoints is not null && _o.CheckpointEvery > 0 && done % _o.CheckpointEvery == 0 && done < totalSteps)
                lastCheckpoint = checkpoints.Save(done, totalSteps, p, config, adam, rows.ScaleConstant, dead);
        }

        if (checkpoints is not null)
            lastCheckpoint = checkpoints.Save(Math.Max(totalSteps, startStep), totalSteps, p, config, adam, rows.ScaleConstant, dead);
        var sae = p.ToSae(config);
        var heldOut = rows.Split.HeldOut;
        var metrics = heldOut.Length > 0 ? SaeEvaluator.Evaluate(sae, data, heldOut) : null;
        return new TrainingResult(sae, metrics, totalSteps, history, lastCheckpoint, heldOut);
    }

    private Device PickDevice()
    {
        if (_o.Device.StartsWith("cuda", StringComparison.OrdinalIgnoreCase))
        {
            if (cuda.is_available()) return device(_o.Device);
            _log("SAE trainer: CUDA requested but not available; training on CPU.");
        }
        return CPU;
    }

    /// <summary>The saved SAE's config; the forward pass reads its architecture, k and b_dec handling too.</summary>
    private SaeConfig TrainedConfig(int dIn, float? scale)
    {
        var inv = CultureInfo.InvariantCulture;
        var topK = _o.Architecture == SaeArchitecture.TopK;
        return new SaeConfig(_o.Architecture, dIn, checked(_o.Expansion * dIn))
        {
            K = topK ? _o.K : null,
            ApplyBDecToInput = true,
            Normalization = _o.Normalization,
            NormScalingFactor = _o.Normalization == SaeNormalization.ExpectedAverageOnlyIn ? scale : null,
            Metadata = topK
                ? new Dictionary<string, string> { ["trainer"] = "SaeExplorer TopK", ["aux_k_coefficient"] = _o.AuxKCoefficient.ToString(inv) }
                : new Dictionary<string, string> { ["trainer"] = "SaeExplorer vanilla ReLU", ["l1_coefficient"] = _o.L1Coefficient.ToString(inv) },
        };
    }

    private TrainingProgress Progress(int done, int totalSteps, Tensor x, StepLoss loss, DeadFeatures dead, TimeSpan elapsed, int stepsRun)
    {
        using var _ = no_grad();
        var total = (x - x.mean([0], keepdim: true)).pow(2).sum().item<float>();
        var perStep = elapsed / Math.Max(1, stepsRun);
        return new TrainingProgress(done, totalSteps, loss.Loss.item<float>(), loss.Mse.item<float>() / x.shape[1],
            total > 0 ? 1 - loss.SquaredError.sum().item<float>() / total : double.NaN,
            loss.Activations.gt(0).sum(1).to(ScalarType.Float32).mean().item<float>(),
            dead.DeadShare, elapsed, perStep * (totalSteps - done));
    }
}
