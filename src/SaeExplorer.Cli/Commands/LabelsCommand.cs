using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Data;
using SaeExplorer.Data.Accounts;
using SaeExplorer.Data.Transfer;
using Spectre.Console;

namespace SaeExplorer.Cli.Commands;

/// <summary>
/// `saex labels export|import [--db FILE|CONNECTION] [--provider sqlite|postgres]`: the app's labels and lists out to and in from JSON or CSV files (the same
/// files the web API reads and writes), and feature labels as Neuronpedia explanations. This command writes to the
/// database (import); run it against a copy or while the app is idle if in doubt. An import is all or nothing.
/// </summary>
public static class LabelsCommand
{
    public static Command Create()
    {
        var command = new Command("labels", "Export or import labels and lists of the app's database (JSON, CSV, Neuronpedia explanations).");
        command.Subcommands.Add(Export());
        command.Subcommands.Add(Import());
        return command;
    }

    private static Option<string> Kind() => new("--kind") { Description = "labels (default) or lists.", DefaultValueFactory = _ => "labels" };

    private static Command Export()
    {
        var (db, kind) = (new DatabaseOptions(), Kind());
        var workspace = new Option<string?>("--workspace") { Description = "Only this workspace's labels (needed for neuronpedia)." };
        var format = new Option<string>("--format") { Description = "json (default), csv, or neuronpedia (labels only: OUT/explanations/<workspace>.jsonl.gz).", DefaultValueFactory = _ => "json" };
        var output = new Option<FileInfo>("--out") { Description = "The file to write (a folder for neuronpedia).", Required = true };
        var modelId = new Option<string?>("--model-id") { Description = "neuronpedia: the modelId each row names." };
        var layer = new Option<string?>("--layer") { Description = "neuronpedia: the layer (SAE id) each row names." };
        var export = db.On(new Command("export", "Write labels or lists to a file.") { kind, workspace, format, output, modelId, layer });
        export.SetAction((parse, ct) => GuardAsync(async () =>
        {
            using var services = SaexDatabase.OpenExisting(db.Target(parse));
            var path = parse.GetRequiredValue(output).FullName;
            var (what, how, ws) = (Parse(parse.GetValue(kind)), parse.GetValue(format)!.Trim().ToLowerInvariant(), parse.GetValue(workspace));
            int count;
            if (how == "neuronpedia")
            {
                if (what != "labels" || ws is null) throw new ArgumentException("--format neuronpedia exports the labels of one --workspace");
                var rows = Explanations.Of(await services.GetRequiredService<LabelTransferStore>().ExportAsync(ws, ct), parse.GetValue(modelId), parse.GetValue(layer)).ToList();
                path = Path.Combine(path, Explanations.Folder, $"{ws}.jsonl.gz");
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await using var file = File.Create(path);
                Explanations.Write(file, rows);
                count = rows.Count;
            }
            else
            {
                var format = TransferTable.ParseFormat(how);
                await using var file = File.Create(path);
                if (what == "labels")
                {
                    var rows = await services.GetRequiredService<LabelTransferStore>().ExportAsync(ws, ct);
                    LabelTransferStore.Write(file, format, rows);
                    count = rows.Count;
                }
                else
                {
                    var rows = await services.GetRequiredService<ListTransferStore>().ExportAsync(ct);
                    ListTransferStore.Write(file, format, rows);
                    count = rows.Count;
                }
            }
            AnsiConsole.MarkupLineInterpolated($"wrote {count} {(what == "labels" ? "labels" : "list rows")} to {path}");
        }));
        return export;
    }

    private static Command Import()
    {
        var (db, kind) = (new DatabaseOptions(), Kind());
        var input = new Option<FileInfo>("--file") { Description = "A JSON or CSV file as export writes it.", Required = true };
        var format = new Option<string?>("--format") { Description = "json or csv (default: from the file's extension)." };
        var user = new Option<string>("--as") { Description = "The user the imported human labels (or lists) belong to.", Required = true };
        var import = db.On(new Command("import", "Add labels or lists from a file: all of them, or none with the line that is wrong.") { kind, input, format, user });
        import.SetAction((parse, ct) => GuardAsync(async () =>
        {
            using var services = SaexDatabase.OpenExisting(db.Target(parse));
            var file = parse.GetRequiredValue(input);
            if (!file.Exists) throw new FileNotFoundException($"no such file: '{file.FullName}'", file.FullName);
            var how = TransferTable.ParseFormat(parse.GetValue(format) ?? file.Extension.TrimStart('.'));
            var name = parse.GetRequiredValue(user);
            var userId = await services.GetRequiredService<AccountQueries>().UserIdAsync(name, ct)
                         ?? throw new ArgumentException($"--as: there is no user '{name}' in the database");
            var content = await File.ReadAllTextAsync(file.FullName, ct);
            if (Parse(parse.GetValue(kind)) == "labels")
                AnsiConsole.MarkupLineInterpolated($"imported {(await services.GetRequiredService<LabelTransferStore>().ImportAsync(content, how, userId, ct)).Count} labels");
            else
                AnsiConsole.MarkupLineInterpolated($"imported {(await services.GetRequiredService<ListTransferStore>().ImportAsync(content, how, userId, ct)).Count} lists");
        }));
        return import;
    }

    private static string Parse(string? kind) => kind?.Trim().ToLowerInvariant() switch
    {
        "labels" => "labels",
        "lists" => "lists",
        _ => throw new ArgumentException($"--kind is labels or lists, got '{kind}'"),
    };

    /// <summary>An import's refusal and the other user errors (<see cref="Cli.GuardAsync"/>): one red line, exit code 2.</summary>
    private static Task<int> GuardAsync(Func<Task> run) => Cli.GuardAsync(async () =>
    {
        try
        {
            await run();
            return 0;
        }
        catch (TransferException bad)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] nothing was imported: {bad.Message}");
            return 2;
        }
    });
}
