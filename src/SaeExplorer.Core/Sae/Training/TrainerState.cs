using System.Text.Json;

namespace SaeExplorer.Core.Sae.Training;

/// <summary>trainer_state.json next to a checkpoint's SAELens files: enough to continue training.
/// Adam moments are in optimizer.safetensors (when absent, Adam is re-created from zero).</summary>
public sealed record TrainerState(int Step, int TotalSteps, int Seed, long AdamStep, float? NormScalingFactor, int[] StepsSinceFired)
{
    public const string FileName = "trainer_state.json";
    public const string OptimizerFile = "optimizer.safetensors";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public void Save(string folder) => File.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, Json));

    public static TrainerState Load(string folder) =>
        JsonSerializer.Deserialize<TrainerState>(File.ReadAllText(Path.Combine(folder, FileName)), Json)
        ?? throw new SaeFormatException($"{folder}: empty {FileName}");
}
