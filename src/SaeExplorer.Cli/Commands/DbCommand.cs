using System.CommandLine;
using System.Diagnostics;
using SaeExplorer.Data.Providers;
using SaeExplorer.Data.Transfer;
using Spectre.Console;

namespace SaeExplorer.Cli.Commands;

/// <summary>
/// `saex db copy --from sqlite:FILE --to postgres:CONNECTION`: a workspace database moved to another provider (a lab's
/// SQLite file into the team's PostgreSQL), checked by counting every table's rows on both sides: the table of counts
/// is printed, and the exit code is 1 when any differ.
/// </summary>
public static class DbCommand
{
    public static Command Create()
    {
        var command = new Command("db", "The app's database as a whole.");
        command.Subcommands.Add(Copy());
        return command;
    }

    private static Command Copy()
    {
        var from = new Option<string>("--from") { Description = "The database to read: sqlite:FILE or postgres:CONNECTION.", Required = true };
        var to = new Option<string>("--to") { Description = "The empty database to fill: postgres:CONNECTION or sqlite:FILE.", Required = true };
        var copy = new Command("copy", "Copy every table into an empty database (schema by its migrations), then count the rows on both sides.") { from, to };
        copy.SetAction((parse, ct) => Cli.GuardAsync(async () =>
        {
            var (source, target) = (DatabaseTarget.Parse(parse.GetRequiredValue(from)), DatabaseTarget.Parse(parse.GetRequiredValue(to)));
            if (source.Provider == DatabaseProvider.Sqlite && !File.Exists(source.Connection))
                throw new FileNotFoundException($"no database at '{source.Connection}'", source.Connection);
            AnsiConsole.MarkupLineInterpolated($"copying the {source} into the {target}");
            var counts = await DatabaseCopy.CopyAsync(source, target, Progress(), ct);
            var grid = new Table().AddColumns("table", "source rows", "target rows", "");
            foreach (var c in counts) grid.AddRow(c.Table, $"{c.Source:N0}", $"{c.Target:N0}", c.Matches ? "ok" : "[red]DIFFERENT[/]");
            AnsiConsole.Write(grid);
            var wrong = counts.Count(c => !c.Matches);
            AnsiConsole.MarkupLine(wrong == 0 ? $"all {counts.Count} tables match" : $"[red]{wrong} of {counts.Count} tables differ[/]");
            return wrong == 0 ? 0 : 1;
        }));
        return copy;
    }

    /// <summary>A line per table and every 10 s within one: rows copied and the rate.</summary>
    private static Action<string, long> Progress()
    {
        var clock = Stopwatch.StartNew();
        var (table, started, printed) = ("", TimeSpan.Zero, TimeSpan.Zero);
        return (name, rows) =>
        {
            if (name != table) (table, started, printed) = (name, clock.Elapsed, clock.Elapsed - TimeSpan.FromSeconds(10));
            if (clock.Elapsed - printed < TimeSpan.FromSeconds(10)) return;
            printed = clock.Elapsed;
            var seconds = Math.Max((clock.Elapsed - started).TotalSeconds, 1e-3);
            Console.WriteLine(FormattableString.Invariant($"{table}: {rows:N0} rows copied ({rows / seconds:N0} rows/s)"));
        };
    }
}
