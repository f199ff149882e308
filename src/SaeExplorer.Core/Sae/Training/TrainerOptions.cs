using System.ComponentModel.DataAnnotations;
using SaeExplorer.Core.Sae.Model;

namespace SaeExplorer.Core.Sae.Training;

public enum DecoderBiasInit { Mean, GeometricMedian }

/// <summary>
/// Settings of <see cref="SaeTrainer"/> (appsettings section "Training"). Two recipes:
/// <see cref="SaeArchitecture.Standard"/>, the vanilla ReLU SAE of Daujotas, "Case Study: Interpreting, Manipulating,
/// and Controlling CLIP With Sparse Autoencoders", 2024 (loss ||x - x_hat||^2 + lambda sum_i f_i ||W_dec[i]||),
/// and <see cref="SaeArchitecture.TopK"/> (loss ||x - x_hat||^2 + AuxK, unit-norm decoder rows).
/// </summary>
public sealed record TrainerOptions : Settings.ISectionOptions, Settings.ISelfCheckingOptions
{
    public static string Section => "Training";

    /// <summary>standard (vanilla ReLU + L1) or topk.</summary>
    public SaeArchitecture Architecture { get; init; } = SaeArchitecture.Standard;
    /// <summary>d_sae = Expansion * d_in.</summary>
    [Range(1, 1024)] public int Expansion { get; init; } = 8;
    /// <summary>TopK: active features per input (1 to d_sae).</summary>
    [Range(1, int.MaxValue)] public int K { get; init; } = 32;
    /// <summary>TopK: weight of the auxiliary loss in which the top <see cref="AuxK"/> dead latents reconstruct the
    /// residual (OpenAI's TopK paper uses 1/32); 0 turns it off.</summary>
    [Range(0, 1e6)] public float AuxKCoefficient { get; init; } = 1f / 32;
    /// <summary>TopK: dead latents used by the auxiliary loss; 0 = d_in / 2 (the paper's heuristic).</summary>
    [Range(0, int.MaxValue)] public int AuxK { get; init; }
    /// <summary>Standard only: the L1 coefficient lambda.</summary>
    [Range(0, 1e6)] public float L1Coefficient { get; init; } = 5f;
    [Range(1e-9, 10)] public float LearningRate { get; init; } = 4e-4f;
    [Range(1, int.MaxValue)] public int BatchSize { get; init; } = 1024;
    /// <summary>Training steps; when 0, <see cref="Epochs"/> passes over the training rows.</summary>
    [Range(0, int.MaxValue)] public int Steps { get; init; }
    [Range(0, int.MaxValue)] public int Epochs { get; init; } = 1;
    /// <summary>Linear learning-rate warm-up from 0.</summary>
    [Range(0, int.MaxValue)] public int WarmupSteps { get; init; } = 100;
    /// <summary>Linear L1-coefficient warm-up from 0.</summary>
    [Range(0, int.MaxValue)] public int L1WarmupSteps { get; init; } = 500;
    /// <summary>A feature that has not fired for this many steps counts as dead (for resampling and AuxK).</summary>
    [Range(1, int.MaxValue)] public int DeadWindow { get; init; } = 1000;
    /// <summary>Resample dead features every this many steps (0 = never).</summary>
    [Range(0, int.MaxValue)] public int ResampleEvery { get; init; }
    /// <summary>Stop resampling after this step (resampling late in training hurts); 0 = no limit.</summary>
    [Range(0, int.MaxValue)] public int ResampleUntil { get; init; }
    /// <summary>Rows scored by loss when choosing resampling targets.</summary>
    [Range(1, int.MaxValue)] public int ResampleSampleRows { get; init; } = 8192;
    [Range(0.0, 0.999999)] public double HeldOutFraction { get; init; } = 0.05;
    public int Seed { get; init; } = 42;
    /// <summary>"cpu" or "cuda"; cuda falls back to cpu (one log line) when unavailable.</summary>
    public string Device { get; init; } = "cpu";
    /// <summary>Write a checkpoint every this many steps (0 = only at the end when a folder is given).</summary>
    [Range(0, int.MaxValue)] public int CheckpointEvery { get; init; }
    public string? CheckpointDirectory { get; init; }
    public SaeNormalization Normalization { get; init; } = SaeNormalization.None;
    public DecoderBiasInit BDecInit { get; init; } = DecoderBiasInit.Mean;
    /// <summary>libtorch intra-op threads while training (process-wide; restored afterwards). 0 = automatic:
    /// 1 thread for small models, where thread hand-offs cost more than the work (measured ~50x slower with
    /// 2 threads on a busy 2-core machine at d_in 32), otherwise libtorch's default.</summary>
    [Range(0, 1024)] public int Threads { get; init; }
    /// <summary>Report progress every this many steps.</summary>
    [Range(1, int.MaxValue)] public int ProgressEvery { get; init; } = 100;

    /// <summary>Checks what is known without the data; <see cref="ValidateFor"/> adds the checks that need d_in.</summary>
    public void Validate()
    {
        Require(Architecture is SaeArchitecture.Standard or SaeArchitecture.TopK,
            $"{Section}:Architecture must be standard or topk, got {Architecture}");
        Require(Expansion > 0, $"{Section}:Expansion must be positive, got {Expansion}");
        Require(BatchSize > 0, $"{Section}:BatchSize must be positive, got {BatchSize}");
        Require(Steps >= 0 && Epochs >= 0 && (Steps > 0 || Epochs > 0),
            $"{Section}:Steps or {Section}:Epochs must be positive (got Steps={Steps}, Epochs={Epochs})");
        Require(HeldOutFraction is >= 0 and < 1, $"{Section}:HeldOutFraction must be in [0, 1), got {HeldOutFraction}");
        Require(LearningRate > 0 && float.IsFinite(LearningRate), $"{Section}:LearningRate must be positive, got {LearningRate}");
        Require(L1Coefficient >= 0 && float.IsFinite(L1Coefficient), $"{Section}:L1Coefficient must be >= 0, got {L1Coefficient}");
        Require(K > 0, $"{Section}:K must be between 1 and d_sae, got {K}");
        Require(AuxK >= 0, $"{Section}:AuxK must be >= 0 (0: d_in / 2), got {AuxK}");
        Require(AuxKCoefficient >= 0 && float.IsFinite(AuxKCoefficient), $"{Section}:AuxKCoefficient must be >= 0, got {AuxKCoefficient}");
        Require(DeadWindow > 0, $"{Section}:DeadWindow must be positive, got {DeadWindow}");
        Require(ResampleEvery >= 0 && ResampleUntil >= 0, $"{Section}:ResampleEvery and {Section}:ResampleUntil must be >= 0");
        Require(ResampleSampleRows > 0, $"{Section}:ResampleSampleRows must be positive, got {ResampleSampleRows}");
        Require(CheckpointEvery >= 0, $"{Section}:CheckpointEvery must be >= 0, got {CheckpointEvery}");
        Require(ProgressEvery > 0, $"{Section}:ProgressEvery must be positive, got {ProgressEvery}");
    }

    /// <summary>The checks that depend on the embedding dimension.</summary>
    public void ValidateFor(int dIn)
    {
        Validate();
        var dSae = (long)Expansion * dIn;
        Require(dSae <= int.MaxValue, $"{Section}:Expansion {Expansion} x d_in {dIn} is too many features");
        if (Architecture == SaeArchitecture.TopK)
            Require(K <= dSae, $"{Section}:K must be between 1 and d_sae ({dSae} = {Expansion} x {dIn}), got {K}");
    }

    private static void Require(bool ok, string message)
    {
        if (!ok) throw new ArgumentException(message);
    }

}

/// <summary>One progress report. Batch statistics are on the current training batch.</summary>
public sealed record TrainingProgress(
    int Step, int TotalSteps, double Loss, double Mse, double ExplainedVariance, double L0, double DeadShare,
    TimeSpan Elapsed, TimeSpan Eta);
