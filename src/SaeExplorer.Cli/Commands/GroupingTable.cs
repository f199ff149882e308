using SaeExplorer.Core.Grouping;
using Spectre.Console;

namespace SaeExplorer.Cli.Commands;

/// <summary>`saex group` without --json: the sweep (one line per k) and the chosen groups.</summary>
public static class GroupingTable
{
    public static void Write(long row, GroupingSweep sweep)
    {
        AnsiConsole.MarkupLineInterpolated($"row {row}: {sweep.Steps.FirstOrDefault()?.Clusters[0].Count ?? 0} active features grouped, total activation mass {sweep.TotalMass:G6}, tau {sweep.Tau} (mass {sweep.Threshold:G6})");
        if (sweep.Undirected.Length > 0)
            AnsiConsole.MarkupLineInterpolated($"[yellow]left out[/] (zero decoder row): {string.Join(", ", sweep.Undirected)}");
        if (sweep.Note is not null) AnsiConsole.MarkupLineInterpolated($"[yellow]note:[/] {sweep.Note}");
        if (sweep.Chosen is not { } chosen) return;

        var steps = new Table().AddColumn(new TableColumn("k").RightAligned()).AddColumn(new TableColumn("min mass").RightAligned())
            .AddColumn("pass").AddColumn(new TableColumn("objective").RightAligned()).AddColumn("group sizes");
        foreach (var step in sweep.Steps)
            steps.AddRow(Markup.Escape(step.K == sweep.ChosenK ? $"{step.K} *" : $"{step.K}"), $"{step.MinMass:G4}", step.Passes ? "yes" : "no",
                $"{step.Objective:G6}", string.Join(" ", step.Clusters.Select(c => c.Count)));
        AnsiConsole.Write(steps);

        AnsiConsole.MarkupLineInterpolated($"chosen k = {sweep.ChosenK} (the largest k whose every group has mass >= {sweep.Threshold:G6})");
        var groups = new Table().AddColumn(new TableColumn("group").RightAligned()).AddColumn(new TableColumn("mass").RightAligned())
            .AddColumn(new TableColumn("share").RightAligned()).AddColumn("features");
        for (var g = 0; g < chosen.Clusters.Count; g++)
        {
            var c = chosen.Clusters[g];
            groups.AddRow($"{g + 1}", $"{c.Mass:G4}", $"{c.Share:P1}", string.Join(", ", c.Features.Select(f => $"#{f}")));
        }
        AnsiConsole.Write(groups);
    }
}
