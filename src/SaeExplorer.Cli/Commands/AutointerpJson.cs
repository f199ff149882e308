using System.Text;
using System.Text.Json;
using SaeExplorer.Core.Labeling;

namespace SaeExplorer.Cli.Commands;

/// <summary>`saex autointerp --json`: {"features": [...], "report": {...}}, snake_case; scores null (with "undefined") when not defined.</summary>
public static class AutointerpJson
{
    /// <summary>The run's settings, echoed in the report.</summary>
    public sealed record Run(double HeldOutFraction, int Seed, int ManifestEntriesWithoutRows);

    public static string Write(AutointerpResult result, Run run)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("features");
            foreach (var label in result.Labels) Feature(json, label, result.Report.NameMargin);
            json.WriteEndArray();
            Report(json, result.Report, run);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Feature(Utf8JsonWriter json, FeatureLabel label, double margin)
    {
        json.WriteStartObject();
        json.WriteNumber("feature", label.Feature);
        Text(json, "label", label.Term?.Text);
        Number(json, "score", label.HeldOut.Auroc);
        Number(json, "balanced_accuracy", label.HeldOut.BalancedAccuracy);
        Text(json, "kind", label.Term?.Kind.Name());
        json.WriteString("method", label.Method);
        Number(json, "cosine", label.Cosine);
        Number(json, "train_score", label.Train.Auroc);
        json.WriteNumber("held_out_positives", label.HeldOut.Positives);
        json.WriteNumber("held_out_negatives", label.HeldOut.Negatives);
        Text(json, "undefined", label.HeldOut.Undefined);
        Text(json, "caveat", label.HeldOut.Caveat);
        json.WriteString("evidence", label.Evidence(margin).Kind.Name());
        Text(json, "evidence_note", label.Evidence(margin).Note);
        Text(json, "label_category", label.LabelCategory);
        Text(json, "top_held_out_category", label.TopHeldOutCategory);
        if (label.AgreesWithTopImages is { } agrees) json.WriteBoolean("agrees", agrees);
        else json.WriteNull("agrees");
        json.WriteEndObject();
    }

    private static void Report(Utf8JsonWriter json, AutointerpReport r, Run run)
    {
        json.WriteStartObject("report");
        json.WriteString("method", r.Method);
        json.WriteNumber("features", r.Features);
        json.WriteNumber("alive", r.Alive);
        json.WriteNumber("labelled", r.Labelled);
        json.WriteNumber("undefined_scores", r.UndefinedScores);
        json.WriteNumber("auroc_cut", r.AurocCut);
        json.WriteNumber("above_cut", r.AboveCut);
        Number(json, "share_above_cut", r.ShareAboveCut);
        json.WriteStartObject("held_out_auroc");
        json.WriteNumber("count", r.HeldOutAuroc.Count);
        Number(json, "mean", r.HeldOutAuroc.Mean);
        Numbers(json, "deciles", r.HeldOutAuroc.Deciles.Select(d => (double)d));
        Numbers(json, "histogram", r.HeldOutAuroc.Histogram.Select(h => (double)h));
        json.WriteEndObject();
        Number(json, "mean_balanced_accuracy", r.MeanBalancedAccuracy);
        json.WriteNumber("name_margin", r.NameMargin);
        json.WriteNumber("named", r.Named);
        Number(json, "share_named", r.ShareNamed);
        json.WriteNumber("cannot_tell", r.CannotTell);
        json.WriteNumber("within_chance", r.WithinChance);
        Agreement(json, "agreement", r.Agreement, r.TopImages);
        Agreement(json, "named_agreement", r.NamedAgreement, r.TopImages);
        json.WriteNumber("no_held_out_category", r.NoHeldOutCategory);
        json.WriteNumber("train_images", r.TrainImages);
        json.WriteNumber("held_out_images", r.HeldOutImages);
        json.WriteNumber("held_out_fraction", run.HeldOutFraction);
        json.WriteNumber("seed", run.Seed);
        json.WriteNumber("manifest_entries_without_rows", run.ManifestEntriesWithoutRows);
        json.WriteStartObject("vocabulary");
        foreach (var (kind, count) in r.VocabularyTerms.OrderBy(k => k.Key)) json.WriteNumber(kind.Name(), count);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void Agreement(Utf8JsonWriter json, string name, AgreementFigure a, int topImages)
    {
        json.WriteStartObject(name);
        json.WriteNumber("compared", a.Compared);
        json.WriteNumber("matches", a.Matches);
        Number(json, "share", a.Share);
        Text(json, "baseline_category", a.BaselineCategory);
        Number(json, "baseline_share", a.BaselineShare);
        Number(json, "above_baseline", a.AboveBaseline);
        json.WriteNumber("top_images", topImages);
        json.WriteEndObject();
    }

    private static void Text(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null) json.WriteNull(name);
        else json.WriteString(name, value);
    }

    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v) json.WriteNumber(name, v);
        else json.WriteNull(name);
    }

    private static void Numbers(Utf8JsonWriter json, string name, IEnumerable<double> values)
    {
        json.WriteStartArray(name);
        foreach (var v in values) json.WriteNumberValue(v);
        json.WriteEndArray();
    }
}
