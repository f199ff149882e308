using System.CommandLine;
using System.Globalization;
using System.Text;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Sae.Loading;
using Spectre.Console;

namespace SaeExplorer.Cli.Commands;

/// <summary>`saex encode-sae`: each embedding row's active SAE features, largest first.</summary>
public static class EncodeSaeCommand
{
    private const int Batch = 256;

    public static Command Create()
    {
        var sae = new SaeOptions();
        var embeddings = new Option<FileInfo>("--embeddings") { Description = "Embeddings (.npy).", Required = true };
        var rows = new Option<string?>("--rows") { Description = "Row slice a:b (default: all rows)." };
        var top = new Option<int?>("--top") { Description = "Only the N largest activations per row." };
        var json = new Option<bool>("--json") { Description = "JSON lines: {\"row\":r,\"features\":[[index,value],...]}." };
        var command = new Command("encode-sae", "Print the active features of embedding rows.") { embeddings, rows, top, json };
        sae.AddTo(command);
        command.SetAction((parse, ct) => Task.FromResult(Cli.Guard(() =>
        {
            using var data = NpyFile.Open(parse.GetRequiredValue(embeddings).FullName);
            using var model = SaeLoader.Load(parse.GetRequiredValue(sae.Path), parse.GetValue(sae.Format), data.Columns);
            var range = RowRange.Parse(parse.GetValue(rows), data.Rows);
            var limit = parse.GetValue(top) is { } topN && topN > 0 ? topN : int.MaxValue;
            var asJson = parse.GetValue(json);
            var buffer = new float[Batch * data.Columns];
            var output = AnsiConsole.Profile.Out.Writer; // stdout, unwrapped (captured in tests)
            for (var start = range.Start; start < range.End; start += Batch)
            {
                ct.ThrowIfCancellationRequested();
                var count = (int)Math.Min(Batch, range.End - start);
                data.ReadRows(start, count, buffer);
                var codes = model.EncodeSparse(buffer.AsSpan(0, count * data.Columns), count);
                for (var i = 0; i < count; i++)
                {
                    var code = codes[i];
                    var shown = Math.Min(limit, code.Count);
                    if (asJson) output.WriteLine(JsonLine(start + i, code.Indices, code.Values, shown));
                    else AnsiConsole.MarkupLineInterpolated($"row {start + i}: {code.Count} active; {string.Join(", ", Enumerable.Range(0, shown).Select(j => $"#{code.Indices[j]} {code.Values[j]:G4}"))}");
                }
            }
            return 0;
        })));
        return command;
    }

    /// <summary>Values in round-trip form so the output compares exactly across formats and tools.</summary>
    internal static string JsonLine(long row, int[] indices, float[] values, int count)
    {
        var sb = new StringBuilder("{\"row\":").Append(row).Append(",\"features\":[");
        for (var j = 0; j < count; j++)
        {
            if (j > 0) sb.Append(',');
            sb.Append('[').Append(indices[j]).Append(',').Append(values[j].ToString("R", CultureInfo.InvariantCulture)).Append(']');
        }
        return sb.Append("]}").ToString();
    }
}
