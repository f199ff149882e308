using System.CommandLine;
using SaeExplorer.Core.Corpus;
using SaeExplorer.Core.Corpus.Import;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Encoders;
using Spectre.Console;

namespace SaeExplorer.Cli.Commands;

/// <summary>
/// `saex import-corpus`: a corpus in any layout <see cref="CorpusImporter"/> knows, turned into a self-contained pack in
/// --out by <see cref="CorpusPackBuilder"/> (manifest.csv, images/, embeddings.npy + embeddings.ids.txt).
/// </summary>
public static class ImportCorpusCommand
{
    private static readonly Dictionary<string, CorpusFormat?> Formats = new(StringComparer.Ordinal)
    {
        ["auto"] = null,
        ["manifest"] = CorpusFormat.Manifest,
        ["folder"] = CorpusFormat.ImageFolder,
        ["img2dataset"] = CorpusFormat.Img2DatasetFolder,
        ["webdataset"] = CorpusFormat.WebDataset,
        ["clip-retrieval"] = CorpusFormat.ClipRetrieval,
    };

    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "The corpus folder (or its manifest.csv)." };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for manifest.csv, images/, embeddings.npy and embeddings.ids.txt.", Required = true };
        var model = new Option<string?>("--model") { Description = "Encoder preset: resnet18 or clip-vit-bigg-14 (default: Encoder:Preset). Not used when the corpus ships embeddings." };
        var modelPath = new Option<FileInfo?>("--model-path") { Description = "ONNX model file (default: Encoder:ModelPath, else the packaged ResNet18)." };
        var format = new Option<string>("--format") { Description = "Corpus layout: " + string.Join(", ", Formats.Keys) + ".", DefaultValueFactory = _ => "auto" };
        format.AcceptOnlyFromAmong([.. Formats.Keys]);

        var command = new Command("import-corpus",
            "Import a corpus (manifest, image folder, img2dataset files or webdataset, clip-retrieval) into a pack: " +
            "manifest.csv (description = caption, source = URL; file empty for URL-only items), images/, embeddings.npy + embeddings.ids.txt.")
        {
            path, output, model, modelPath, format,
        };
        command.SetAction((parse, ct) => Task.FromResult(Cli.Guard(() => Run(
            parse.GetRequiredValue(path), parse.GetRequiredValue(output).FullName, parse.GetValue(model), parse.GetValue(modelPath),
            Formats[parse.GetValue(format) ?? "auto"], ct).GetAwaiter().GetResult())));
        return command;
    }

    private static async Task<int> Run(string path, string outDir, string? preset, FileInfo? modelPath, CorpusFormat? format, CancellationToken ct)
    {
        var corpus = await CorpusImporter.ImportAsync(path, format, ct).ConfigureAwait(false);
        AnsiConsole.MarkupLineInterpolated($"read {corpus.Items.Count} items ({corpus.Format}) from {corpus.Root}");
        foreach (var w in corpus.Warnings)
            AnsiConsole.MarkupLineInterpolated($"[yellow]warning:[/] {w}");

        var config = CliSettings.Load();
        var shipped = corpus.EmbeddingShards.Count > 0;
        IImageEncoder? encoder = null;
        if (CorpusPackBuilder.NeedsEncoder(corpus))
        {
            try
            {
                encoder = OnnxImageEncoder.Open(CliSettings.Encoder(config, preset, modelPath), message => AnsiConsole.MarkupLineInterpolated($"[grey]{message}[/]"));
            }
            catch (Exception e) when (e is FileNotFoundException or ArgumentException or InvalidDataException or InvalidOperationException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
                return 2;
            }
        }
        else if (shipped && (preset is not null || modelPath is not null))
        {
            AnsiConsole.MarkupLine("[grey]the corpus ships its embeddings: --model/--model-path are not used[/]");
        }

        CorpusPackResult pack;
        try
        {
            var warnings = new List<string>();
            pack = AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(progress =>
                {
                    var label = shipped ? "copy shipped embeddings" : encoder is null ? "import" : $"encode ({encoder.Preset.Name}, {encoder.ExecutionProvider})";
                    var task = progress.AddTask(label, maxValue: Math.Max(1, corpus.Items.Count));
                    var result = CorpusPackBuilder.Build(corpus, outDir, encoder, CliSettings.ImageLoader(config),
                        (done, _) => task.Value = done, warnings.Add, ct);
                    task.Value = task.MaxValue;
                    return result;
                });
            foreach (var w in warnings) AnsiConsole.MarkupLineInterpolated($"[yellow]warning:[/] {w}");
        }
        finally
        {
            (encoder as IDisposable)?.Dispose();
        }

        if (pack.Skipped.Count > 0)
        {
            var table = new Table().AddColumn("skipped").AddColumn("id").AddColumn("reason");
            foreach (var s in pack.Skipped) table.AddRow(Markup.Escape(s.Location), Markup.Escape(s.Id ?? ""), Markup.Escape(s.Reason));
            AnsiConsole.Write(table);
        }
        var summary = new Table().HideHeaders().AddColumn("").AddColumn("");
        summary.AddRow("layout", corpus.Format.ToString());
        summary.AddRow("items imported", $"{pack.Rows.Count} of {corpus.Items.Count + corpus.Skipped.Count}");
        summary.AddRow("with local image", $"{pack.LocalImages} (copied to {Path.Combine(pack.Folder, CorpusPackBuilder.ImagesFolder)})");
        summary.AddRow("skipped", $"{pack.Skipped.Count}");
        summary.AddRow("warnings", $"{corpus.Warnings.Count}");
        summary.AddRow("embeddings", pack.EmbeddingsPath is { } npy
            ? $"{pack.Rows.Count} x {pack.Dimension} {StoredType(npy)} ({(pack.ShippedEmbeddings ? "shipped with the corpus" : "encoded")}) in {npy}"
            : "none written (nothing to encode)");
        AnsiConsole.Write(summary);
        AnsiConsole.MarkupLineInterpolated($"wrote {Path.Combine(pack.Folder, CorpusManifest.FileName)}");
        return pack.Rows.Count > 0 || corpus.Items.Count + corpus.Skipped.Count == 0 ? 0 : 1;
    }

    private static string StoredType(string npyPath)
    {
        using var npy = NpyFile.Open(npyPath);
        return npy.DType.TypeName();
    }
}
