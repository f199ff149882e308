using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SaeExplorer.Core.Corpus;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Sae.Metrics;
using SaeExplorer.Core.Sae.Training;
using Spectre.Console;

namespace SaeExplorer.Cli.Commands;

/// <summary>`saex eval-sae`: reconstruction and sparsity metrics of an SAE on embeddings, and with a manifest the
/// category purity of its features against the raw dimensions'.</summary>
public static class EvalSaeCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static Command Create()
    {
        var sae = new SaeOptions();
        var embeddings = new Option<FileInfo>("--embeddings") { Description = "Embeddings (.npy).", Required = true };
        var rows = new Option<string?>("--rows") { Description = "Row slice a:b (default: all rows)." };
        var heldOut = new Option<bool>("--held-out") { Description = "Only the trainer's held-out rows (Training:HeldOutFraction and Training:Seed from appsettings, or the flags below)." };
        var seed = new Option<int?>("--seed") { Description = "With --held-out: the split seed (default Training:Seed)." };
        var fraction = new Option<double?>("--held-out-fraction") { Description = "With --held-out: the held-out share (default Training:HeldOutFraction)." };
        var manifest = new Option<FileInfo?>("--manifest") { Description = "manifest.csv with categories: also report feature purity against raw dimensions." };
        var ids = new Option<FileInfo?>("--ids") { Description = "Image id of each embedding row (default: FILE.ids.txt beside the .npy)." };
        var json = new Option<bool>("--json") { Description = "Print the metrics as JSON." };
        var command = new Command("eval-sae", "Explained variance, MSE, cosine, L0, dead and dense shares of an SAE on embeddings; with --manifest, category purity.")
        {
            embeddings, rows, heldOut, seed, fraction, manifest, ids, json,
        };
        sae.AddTo(command);
        command.SetAction((parse, _) => Task.FromResult(Cli.Guard(() =>
        {
            var npy = parse.GetRequiredValue(embeddings).FullName;
            using var data = NpyFile.Open(npy);
            using var model = SaeLoader.Load(parse.GetRequiredValue(sae.Path), parse.GetValue(sae.Format), data.Columns);
            var selected = SelectRows(data.Rows, parse.GetValue(rows), parse.GetValue(heldOut), parse.GetValue(seed), parse.GetValue(fraction),
                out var selection);
            var metrics = SaeEvaluator.Evaluate(model, data, selected);
            PurityReport? purity = null;
            if (parse.GetValue(manifest) is { } m)
            {
                var rowIds = RowIdMap.Read(parse.GetValue(ids)?.FullName ?? RowIdMap.PathFor(npy), npy, data.Rows);
                var categories = RowCategories.FromManifest(rowIds, CorpusManifest.Read(m.FullName), m.FullName);
                purity = Purity.Evaluate(model, data, selected, categories);
            }
            if (parse.GetValue(json))
            {
                var node = JsonNode.Parse(metrics.ToJson())!.AsObject();
                node["rows"] = selection;
                if (purity is not null) node["purity"] = JsonSerializer.SerializeToNode(purity, Json);
                AnsiConsole.Profile.Out.Writer.WriteLine(node.ToJsonString(new JsonSerializerOptions { WriteIndented = true })); // stdout, unwrapped
                return 0;
            }
            AnsiConsole.MarkupLineInterpolated($"rows: {selection}");
            MetricsTable.Write(metrics);
            if (purity is not null) MetricsTable.Write(purity);
            return 0;
        })));
        return command;
    }

    private static List<long> SelectRows(long total, string? slice, bool heldOut, int? seed, double? fraction, out string selection)
    {
        if (!heldOut)
        {
            if (seed is not null || fraction is not null) throw new ArgumentException("--seed and --held-out-fraction need --held-out");
            var range = RowRange.Parse(slice, total);
            selection = slice is null ? $"all {total}" : $"{range.Start}:{range.End}";
            return Enumerable.Range(0, checked((int)range.Count)).Select(i => range.Start + i).ToList();
        }
        if (slice is not null) throw new ArgumentException("use --rows or --held-out, not both");
        var training = CliSettings.Get<TrainerOptions>(CliSettings.Load());
        var options = training with { Seed = seed ?? training.Seed, HeldOutFraction = fraction ?? training.HeldOutFraction };
        if (options.HeldOutFraction is <= 0 or >= 1)
            throw new ArgumentException($"--held-out needs a held-out fraction in (0, 1), got {options.HeldOutFraction} (Training:HeldOutFraction or --held-out-fraction)");
        var split = DataSplit.Create(total, options.HeldOutFraction, options.Seed);
        selection = $"held-out {split.HeldOut.Length} of {total} (fraction {options.HeldOutFraction}, seed {options.Seed})";
        return [.. split.HeldOut];
    }
}
