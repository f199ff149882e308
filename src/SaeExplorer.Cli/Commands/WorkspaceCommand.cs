using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Core.Corpus.Import;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Settings;
using SaeExplorer.Data;
using SaeExplorer.Data.Providers;
using SaeExplorer.Data.Workspaces;
using Spectre.Console;

namespace SaeExplorer.Cli.Commands;

/// <summary>
/// `saex workspace create [--db FILE|CONNECTION] [--provider sqlite|postgres] [--data DIR] --name NAME --corpus DIR [--sae PATH [--index FILE]]`: records a workspace in the app's
/// database through the same checks and stores as the web app's New workspace page and POST /api/workspaces (nothing is
/// recorded when a check fails); a running app picks it up within seconds and prepares it. Unlike the web, the CLI may
/// name any folder.
/// </summary>
public static class WorkspaceCommand
{
    public static Command Create()
    {
        var command = new Command("workspace", "Make workspaces in the app's database (a running app prepares them).");
        command.Subcommands.Add(CreateWorkspace());
        return command;
    }

    private static Command CreateWorkspace()
    {
        var db = new DatabaseOptions();
        var name = new Option<string>("--name") { Description = "The workspace's URL-safe name (lower-case letters, digits, '-', '_').", Required = true };
        var corpus = new Option<DirectoryInfo>("--corpus") { Description = "The corpus folder: img2dataset, webdataset, clip-retrieval, a pack or a folder of images.", Required = true };
        var format = new Option<CorpusFormat?>("--format") { Description = "The corpus layout (default: detected)." };
        var sae = new Option<string?>("--sae") { Description = "An SAE to use instead of training one: a SAELens folder, a .pth in the paper authors' layout, or a saev sae.pt." };
        var data = new Option<DirectoryInfo?>("--data")
        {
            Description = "The app's data folder (Saex:DataDirectory), where the workspace's files will be (default: a SQLite database's folder, else the setting).",
        };
        var index = new Option<FileInfo?>("--index") { Description = "An index saex index built for --sae over this corpus: the app takes it instead of building one." };
        var create = db.On(new Command("create", "Record a workspace (checked first: nothing is recorded when a check fails).") { data, name, corpus, format, sae, index });
        create.SetAction(async (parse, ct) =>
        {
            try
            {
                if (parse.GetValue(index) is not null && parse.GetValue(sae) is null) throw new ArgumentException("--index needs --sae: an index belongs to an SAE");
                var settings = CliSettings.Load();
                // The rows name the workspace's files by path: they must be where the app keeps them, not where the CLI runs.
                var target = db.Target(parse);
                var saex = CliSettings.Get<SaexOptions>(settings);
                saex = saex with
                {
                    DataDirectory = parse.GetValue(data)?.FullName
                                    ?? (target.Provider == DatabaseProvider.Sqlite ? Path.GetDirectoryName(Path.GetFullPath(target.Connection))! : SaexPaths.Resolve(saex.DataDirectory)),
                };
                var encoder = CliSettings.Encoder(settings, null, null);
                using var services = SaexDatabase.OpenExisting(target, s => s.AddSingleton(saex).AddSingleton(encoder));
                await SaexDatabase.MigrateAsync(services, ct);
                var request = parse.GetValue(sae) is { } path ? new SaeRequest(Path.GetFullPath(path), parse.GetValue(index)?.FullName) : null;
                var outcome = await services.GetRequiredService<WorkspaceCreation>()
                    .CreateAsync(parse.GetRequiredValue(name), parse.GetRequiredValue(corpus).FullName, parse.GetValue(format), request, ct);
                if (outcome.Warning is { } warning) AnsiConsole.MarkupLineInterpolated($"[yellow]warning:[/] {warning}");
                if (outcome.Problem is { } problem)
                {
                    AnsiConsole.MarkupLineInterpolated($"[red]error:[/] nothing was recorded: {problem}");
                    return 2;
                }
                var (ws, row) = (outcome.Workspace!, outcome.Sae!);
                AnsiConsole.MarkupLineInterpolated($"created workspace {ws.Name} from {ws.ImportedFrom} ({ws.ImportFormat})");
                if (row.Source is null) AnsiConsole.MarkupLineInterpolated($"its SAE {row.Name} is trained on the corpus");
                else AnsiConsole.MarkupLineInterpolated(
                    $"its SAE {row.Name}: {row.Format}, {row.Architecture}, {row.DIn} -> {row.DSae:N0}, weights {row.Fingerprint}{(row.IndexSource is null ? "" : $", index {row.IndexSource}")}");
                AnsiConsole.MarkupLine("a running app picks it up within a few seconds and prepares it (or the next start does)");
                return 0;
            }
            catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException or System.Data.Common.DbException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
                return 2;
            }
        });
        return create;
    }
}
