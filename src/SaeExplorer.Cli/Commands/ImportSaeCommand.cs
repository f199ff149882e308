using System.CommandLine;
using SaeExplorer.Core.Sae.Loading;
using Spectre.Console;

namespace SaeExplorer.Cli.Commands;

/// <summary>`saex import-sae PATH`: loads and validates an SAE in any supported format, optionally re-saving it as SAELens.</summary>
public static class ImportSaeCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "SAELens folder, a .pth as published with Daujotas, \"Case Study: Interpreting, Manipulating, and Controlling CLIP With Sparse Autoencoders\", 2024, or saev sae.pt." };
        var format = new Option<SaeFormat>("--format") { Description = "auto (default), saelens, pth or saev.", DefaultValueFactory = _ => SaeFormat.Auto };
        var dIn = new Option<int?>("--d-in") { Description = "Embedding dimension it must accept (e.g. 512 for ResNet18, 1280 for CLIP ViT-bigG/14)." };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Save it here in SAELens layout." };
        var command = new Command("import-sae", "Load and check an SAE (SAELens, the paper's .pth or saev); save it as SAELens with --out.")
        {
            path, format, dIn, output,
        };
        command.SetAction((parse, _) => Task.FromResult(Cli.Guard(() =>
        {
            var source = parse.GetRequiredValue(path);
            var detected = parse.GetValue(format) == SaeFormat.Auto ? SaeLoader.Detect(source) : parse.GetValue(format);
            using var sae = SaeLoader.Load(source, detected, parse.GetValue(dIn));
            var c = sae.Config;
            var table = new Table().AddColumn("").AddColumn("");
            table.AddRow("format", detected.ToString());
            table.AddRow("architecture", c.Architecture + (c.K is { } k ? $" (k = {k})" : ""));
            table.AddRow("d_in -> d_sae", $"{c.DIn} -> {c.DSae:N0}");
            table.AddRow("weights", $"{c.DType}, {sae.WeightBytes / 1e6:F1} MB");
            table.AddRow("apply b_dec to input", c.ApplyBDecToInput.ToString());
            table.AddRow("normalisation", c.Normalization.ToString());
            AnsiConsole.Write(table);
            if (parse.GetValue(output) is { } outDir)
            {
                SaeLensSaver.Save(sae, outDir.FullName);
                AnsiConsole.MarkupLineInterpolated($"saved as SAELens to {outDir.FullName}");
            }
            return 0;
        })));
        return command;
    }
}
