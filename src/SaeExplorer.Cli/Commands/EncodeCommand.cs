using System.CommandLine;
using Microsoft.Extensions.Configuration;
using SaeExplorer.Core.Corpus;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Imaging;
using Spectre.Console;

namespace SaeExplorer.Cli.Commands;

/// <summary>`saex encode`: a folder or manifest of images through an ONNX encoder into an .npy file.</summary>
public static class EncodeCommand
{
    public static Command Create()
    {
        var images = new Option<DirectoryInfo?>("--images") { Description = "Folder of images (searched recursively, in name order)." };
        var manifest = new Option<FileInfo?>("--manifest") { Description = "manifest.csv with at least a 'file' column (paths relative to it)." };
        var model = new Option<string?>("--model") { Description = "Encoder preset: resnet18 or clip-vit-bigg-14 (default: Encoder:Preset)." };
        var modelPath = new Option<FileInfo?>("--model-path") { Description = "ONNX model file (default: Encoder:ModelPath, else the packaged ResNet18)." };
        var output = new Option<FileInfo>("--out") { Description = "The .npy file to write; FILE.ids.txt is written beside it.", Required = true };
        var dtype = new Option<string>("--dtype") { Description = "f32 or f16.", DefaultValueFactory = _ => "f32" };
        dtype.AcceptOnlyFromAmong("f32", "f16");

        var command = new Command("encode", "Encode a folder or manifest of images into embeddings (.npy).")
        {
            images, manifest, model, modelPath, output, dtype,
        };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(images) is null) == (result.GetValue(manifest) is null))
                result.AddError("Give exactly one of --images DIR or --manifest CSV.");
        });
        command.SetAction((parse, ct) => Task.FromResult(Run(
            parse.GetValue(images), parse.GetValue(manifest), parse.GetValue(model), parse.GetValue(modelPath),
            parse.GetRequiredValue(output), parse.GetValue(dtype) == "f16" ? NpyDType.Float16 : NpyDType.Float32, ct)));
        return command;
    }

    private static int Run(DirectoryInfo? images, FileInfo? manifest, string? preset, FileInfo? modelPath,
        FileInfo output, NpyDType dtype, CancellationToken ct)
    {
        var config = CliSettings.Load();
        var options = CliSettings.Encoder(config, preset, modelPath);
        var loader = CliSettings.ImageLoader(config);

        IReadOnlyList<ManifestEntry> entries;
        string folder;
        try
        {
            (entries, folder) = manifest != null
                ? (CorpusManifest.Read(manifest.FullName), manifest.DirectoryName!)
                : (CorpusManifest.FromFolder(images!.FullName), images.FullName);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return 2;
        }

        OnnxImageEncoder encoder;
        try
        {
            encoder = OnnxImageEncoder.Open(options, message => AnsiConsole.MarkupLineInterpolated($"[grey]{message}[/]"));
        }
        catch (Exception e) when (e is FileNotFoundException or ArgumentException or InvalidDataException or InvalidOperationException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return 2;
        }

        IReadOnlyList<CorpusImageOutcome> outcomes;
        using (encoder)
        using (var writer = NpyWriter.Create(output.FullName, encoder.Dimension, dtype, withRowIds: true))
        {
            outcomes = AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(progress =>
                {
                    var task = progress.AddTask($"encode ({encoder.Preset.Name}, {encoder.ExecutionProvider})", maxValue: Math.Max(1, entries.Count));
                    return CorpusEncoder.Encode(entries, folder, encoder, loader, writer, (done, _) => task.Value = done, ct);
                });
            // An empty file from a non-empty input would look like a finished run: nothing is written then.
            if (writer.Rows > 0 || entries.Count == 0) writer.Complete();
        }

        var skipped = outcomes.Where(o => o.Skipped).ToList();
        if (skipped.Count > 0)
        {
            var table = new Table().AddColumn("skipped file").AddColumn("reason");
            foreach (var s in skipped) table.AddRow(Markup.Escape(s.Entry.File), Markup.Escape(s.SkipReason ?? ""));
            AnsiConsole.Write(table);
        }
        var encoded = outcomes.Count - skipped.Count;
        if (encoded == 0 && outcomes.Count > 0)
        {
            NpyWriter.Discard(output.FullName);
            AnsiConsole.MarkupLineInterpolated(
                $"[red]error:[/] none of the {outcomes.Count} images could be encoded (first reason: {skipped[0].SkipReason}); nothing was written to {output.FullName}");
            return 2;
        }
        AnsiConsole.MarkupLineInterpolated($"wrote [green]{encoded} x {encoder.Dimension}[/] {dtype.TypeName()} to {output.FullName} ({skipped.Count} skipped)");
        return 0;
    }
}
