namespace SaeExplorer.Core.Labeling.Vision;

/// <summary>
/// One feature's result from the model: its label scored on the held-out images (<see cref="FeatureNamer.Score"/>, the
/// free-text rule, as every label), or why there is none (a refused answer, no readable top image), and the raw reply.
/// </summary>
public sealed record VisionOutcome(int Feature, FeatureLabel? Label, string? Refused, string? Reply)
{
    public static VisionOutcome Refusal(int feature, string why, string? reply = null) => new(feature, null, why, reply);
}
