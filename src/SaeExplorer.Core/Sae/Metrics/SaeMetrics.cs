using System.Text.Json;
using System.Text.Json.Serialization;

namespace SaeExplorer.Core.Sae.Metrics;

/// <summary>Feature firing frequencies as a histogram of log10(frequency); never-active features are counted apart.</summary>
/// <param name="Log10Edges">Bin edges (Counts.Length + 1 values); frequencies below the first edge go to the first bin.</param>
public sealed record DensityHistogram(double[] Log10Edges, long[] Counts, long DeadCount);

/// <summary>
/// Reconstruction and sparsity on an evaluation set.
/// ExplainedVariance = 1 - sum||x - x_hat||^2 / sum||x - mean(x)||^2; Mse = mean over all elements of
/// (x - x_hat)^2; MeanCosine = mean cos(x, x_hat); L0 = mean active features per input; DeadShare = share of
/// features never active; DenseShare = share active on more than <see cref="DenseCut"/> of inputs.
/// </summary>
public sealed record SaeMetrics(
    long Samples,
    double ExplainedVariance,
    double Mse,
    double MeanCosine,
    double L0,
    double DeadShare,
    double DenseShare,
    double DenseCut,
    DensityHistogram Histogram)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static SaeMetrics FromJson(string json) =>
        JsonSerializer.Deserialize<SaeMetrics>(json, Json) ?? throw new JsonException("empty metrics JSON");
}
