using SaeExplorer.Core.Sae.Model;

namespace SaeExplorer.Core.Sae.Training;

public enum DecoderBiasInit { Mean, GeometricMedian }

/// <summary>Settings of <see cref="SaeTrainer"/> (vanilla ReLU SAE, loss ||x - x_hat||^2 + lambda sum_i f_i ||W_dec[i]||).</summary>
public sealed record TrainerOptions : Settings.ISectionOptions, Settings.ISelfCheckingOptions
{
    public static string Section => "Training";

    /// <summary>d_sae = Expansion * d_in.</summary>
    public int Expansion { get; init; } = 8;
    public float L1Coefficient { get; init; } = 5f;
    public float LearningRate { get; init; } = 4e-4f;
    public int BatchSize { get; init; } = 1024;
    /// <summary>Training steps; when 0, <see cref="Epochs"/> passes over the training rows.</summary>
    public int Steps { get; init; }
    public int Epochs { get; init; } = 1;
    /// <summary>Linear learning-rate warm-up from 0.</summary>
    public int WarmupSteps { get; init; } = 100;
    /// <summary>Linear L1-coefficient warm-up from 0.</summary>
    public int L1WarmupSteps { get; init; } = 500;
    /// <summary>A feature that has not fired for this many steps counts as dead.</summary>
    public int DeadWindow { get; init; } = 1000;
    /// <summary>Resample dead features every this many steps (0 = never).</summary>
    public int ResampleEvery { get; init; }
    /// <summary>Stop resampling after this step (resampling late in training hurts); 0 = no limit.</summary>
    public int ResampleUntil { get; init; }
    /// <summary>Rows scored by loss when choosing resampling targets.</summary>
    public int ResampleSampleRows { get; init; } = 8192;
    public double HeldOutFraction { get; init; } = 0.05;
    public int Seed { get; init; } = 42;
    /// <summary>"cpu" or "cuda"; cuda falls back to cpu (one log line) when unavailable.</summary>
    public string Device { get; init; } = "cpu";
    /// <summary>Write a checkpoint every this many steps (0 = only at the end when a folder is given).</summary>
    public int CheckpointEvery { get; init; }
    public string? CheckpointDirectory { get; init; }
    public SaeNormalization Normalization { get; init; } = SaeNormalization.None;
    public DecoderBiasInit BDecInit { get; init; } = DecoderBiasInit.Mean;
    /// <summary>libtorch intra-op threads while training (process-wide; restored afterwards). 0 = automatic:
    /// 1 thread for small models, where thread hand-offs cost more than the work (measured ~50x slower with
    /// 2 threads on a busy 2-core machine at d_in 32), otherwise libtorch's default.</summary>
    public int Threads { get; init; }
    /// <summary>Report progress every this many steps.</summary>
    public int ProgressEvery { get; init; } = 100;

    public void Validate()
    {
        if (Expansion <= 0) throw new ArgumentException("Expansion must be positive");
        if (BatchSize <= 0) throw new ArgumentException("BatchSize must be positive");
        if (Steps < 0 || Epochs < 0 || (Steps == 0 && Epochs == 0)) throw new ArgumentException("set Steps or Epochs");
        if (HeldOutFraction is < 0 or >= 1) throw new ArgumentException("HeldOutFraction must be in [0, 1)");
        if (LearningRate <= 0 || L1Coefficient < 0) throw new ArgumentException("LearningRate > 0 and L1Coefficient >= 0 required");
    }

}

/// <summary>One progress report. Batch statistics are on the current training batch.</summary>
public sealed record TrainingProgress(
    int Step, int TotalSteps, double Loss, double Mse, double ExplainedVariance, double L0, double DeadShare,
    TimeSpan Elapsed, TimeSpan Eta);
