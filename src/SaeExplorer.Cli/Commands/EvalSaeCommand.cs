using System.CommandLine;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Sae.Metrics;
using Spectre.Console;

namespace SaeExplorer.Cli.Commands;

/// <summary>`saex eval-sae`: reconstruction and sparsity metrics of an SAE on embeddings.</summary>
public static class EvalSaeCommand
{
    public static Command Create()
    {
        var sae = new SaeOptions();
        var embeddings = new Option<FileInfo>("--embeddings") { Description = "Embeddings (.npy).", Required = true };
        var rows = new Option<string?>("--rows") { Description = "Row slice a:b (default: all rows)." };
        var json = new Option<bool>("--json") { Description = "Print the metrics as JSON." };
        var command = new Command("eval-sae", "Explained variance, MSE, cosine, L0, dead and dense shares of an SAE on embeddings.")
        {
            embeddings, rows, json,
        };
        sae.AddTo(command);
        command.SetAction((parse, _) => Task.FromResult(Cli.Guard(() =>
        {
            using var data = NpyFile.Open(parse.GetRequiredValue(embeddings).FullName);
            using var model = SaeLoader.Load(parse.GetRequiredValue(sae.Path), parse.GetValue(sae.Format), data.Columns);
            var range = RowRange.Parse(parse.GetValue(rows), data.Rows);
            var selected = Enumerable.Range(0, checked((int)range.Count)).Select(i => range.Start + i).ToList();
            var metrics = SaeEvaluator.Evaluate(model, data, selected);
            if (parse.GetValue(json)) Console.WriteLine(metrics.ToJson());
            else MetricsTable.Write(metrics);
            return 0;
        })));
        return command;
    }
}
