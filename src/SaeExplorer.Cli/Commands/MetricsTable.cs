using SaeExplorer.Core.Sae.Metrics;
using Spectre.Console;

namespace SaeExplorer.Cli.Commands;

/// <summary>Prints held-out SAE metrics the same way for `train` and `eval-sae`.</summary>
public static class MetricsTable
{
    public static void Write(SaeMetrics m)
    {
        var table = new Table().AddColumn("metric").AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("samples", m.Samples.ToString("N0"));
        table.AddRow("explained variance", m.ExplainedVariance.ToString("F4"));
        table.AddRow("MSE", m.Mse.ToString("G5"));
        table.AddRow("cosine(x, x_hat)", m.MeanCosine.ToString("F4"));
        table.AddRow("L0", m.L0.ToString("F2"));
        table.AddRow("dead share", m.DeadShare.ToString("P2"));
        table.AddRow($"dense share (> {m.DenseCut:P0})", m.DenseShare.ToString("P2"));
        AnsiConsole.Write(table);
    }

    public static void Write(PurityReport p)
    {
        AnsiConsole.MarkupLineInterpolated($"purity: top {p.Top} images of units firing on >= {p.MinFiring} of {p.Images:N0} images ({p.Categories} categories)");
        var table = new Table().AddColumn("units");
        foreach (var column in new[] { "purity", "± s.e.", "chance", "above chance", "units scored" }) table.AddColumn(new TableColumn(column).RightAligned());
        foreach (var (name, u) in new[] { ("SAE features", p.Sae), ("raw dimensions", p.RawDimensions) })
            table.AddRow(name, u.Purity.ToString("F4"), u.StandardError.ToString("F4"), u.Chance.ToString("F4"), u.Lift.ToString("F4"), $"{u.Units:N0} of {u.Candidates:N0}");
        AnsiConsole.Write(table);
        AnsiConsole.WriteLine(PurityVerdict.Of(p));
    }
}
