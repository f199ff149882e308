using System.Text.Json;
using System.Text.Json.Serialization;
using SaeExplorer.Core.Sae.Metrics;

namespace SaeExplorer.Web.Services.Autointerp;

/// <summary>
/// What the label stage keeps of a run for the workspace report (WorkspaceSae.ReportJson): the purity of SAE features
/// against raw dimensions on the held-out split, and the naming run's counts. Label scores are read live from the labels.
/// </summary>
/// <param name="Skipped">Why no feature was named (the labels part of the report says so); null when they were.</param>
/// <param name="Named">Features the run gave a label (shown as a name or only a candidate).</param>
/// <param name="Agreement">Share of compared features whose label category is their top held-out images' dominant one.</param>
/// <param name="AgreementBaseline">The share always naming <paramref name="BaselineCategory"/> would agree for (the best
/// constant answer, see <see cref="Core.Labeling.AgreementFigure"/>); null in reports kept before it was.</param>
public sealed record StoredReport(
    string Method, string? Skipped, int Named, PurityReport? Purity, string? PurityMissing,
    double? Agreement, int AgreementCompared, int HeldOutImages, DateTimeOffset ComputedAt,
    double? AgreementBaseline = null, string? BaselineCategory = null)
{
    // Purity is NaN when no unit fired on enough images; JSON has no NaN, so it is written as a name.
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static StoredReport Of(WorkspaceLabeling run, Core.Labeling.NamingMethod method, DateTimeOffset at) => new(
        Core.Labeling.Autointerp.MethodName(method), run.Skipped, run.Result?.Labels.Count(l => l.Term is not null) ?? 0,
        run.Purity, run.PurityMissing, run.Result?.Report.Agreement.Share, run.Result?.Report.Agreement.Compared ?? 0,
        run.Result?.Report.HeldOutImages ?? 0, at, run.Result?.Report.Agreement.BaselineShare, run.Result?.Report.Agreement.BaselineCategory);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static StoredReport? FromJson(string? json) => json is null ? null : JsonSerializer.Deserialize<StoredReport>(json, Json);
}
