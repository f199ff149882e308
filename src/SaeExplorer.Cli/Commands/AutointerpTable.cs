using SaeExplorer.Core.Labeling;
using Spectre.Console;

namespace SaeExplorer.Cli.Commands;

/// <summary>`saex autointerp` without --json: one line per alive feature (scores held-out, "n/a" when undefined: --json
/// gives the reason), then the report.</summary>
public static class AutointerpTable
{
    public static void Write(AutointerpResult result, double heldOutFraction, int seed)
    {
        var features = new Table().AddColumn(new TableColumn("feature").RightAligned()).AddColumn("label").AddColumn("kind")
            .AddColumn(new TableColumn("AUROC").RightAligned()).AddColumn(new TableColumn("bal.acc").RightAligned())
            .AddColumn(new TableColumn("train").RightAligned()).AddColumn(new TableColumn("cos").RightAligned())
            .AddColumn("top category");
        foreach (var l in result.Labels)
            features.AddRow($"#{l.Feature}", Markup.Escape(l.Term?.Text ?? "(none)"), l.Term?.Kind.Name() ?? "",
                l.HeldOut.Auroc?.ToString("F3") ?? "n/a", l.HeldOut.BalancedAccuracy?.ToString("F3") ?? "",
                l.Train.Auroc?.ToString("F3") ?? "", l.Cosine?.ToString("F3") ?? "", Markup.Escape(l.TopHeldOutCategory ?? ""));
        AnsiConsole.Write(features);

        var r = result.Report;
        AnsiConsole.MarkupLineInterpolated($"{r.Method}: {r.Alive} of {r.Features} features alive, {r.Labelled} labelled; chosen on {r.TrainImages} training images, scored on {r.HeldOutImages} held-out (fraction {heldOutFraction}, seed {seed})");
        AnsiConsole.MarkupLineInterpolated($"held-out AUROC > {r.AurocCut}: {r.AboveCut} ({r.ShareAboveCut:P1} of alive); undefined: {r.UndefinedScores}; mean {r.HeldOutAuroc.Mean:F3}");
        if (r.HeldOutAuroc.Deciles.Length > 0)
            AnsiConsole.MarkupLineInterpolated($"deciles: {string.Join(" ", r.HeldOutAuroc.Deciles.Select(d => d.ToString("F2")))}");
        AnsiConsole.MarkupLineInterpolated($"named (held-out AUROC clears chance by {r.NameMargin} standard errors): {r.Named} ({r.ShareNamed:P1} of alive); cannot tell: {r.CannotTell}; within chance: {r.WithinChance}");
        Agreement("every label", r.Agreement, r.TopImages);
        Agreement("named labels", r.NamedAgreement, r.TopImages);
    }

    private static void Agreement(string which, AgreementFigure a, int topImages)
    {
        AnsiConsole.MarkupLineInterpolated($"{which}: {a.Matches} of {a.Compared} ({a.Share:P1}) agree with the dominant category of the top {topImages} held-out images; always naming '{a.BaselineCategory ?? "-"}': {a.BaselineShare:P1}; above that: {a.AboveBaseline:+0.000;-0.000}");
    }
}
