using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Rendering.Retrieval;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Sae.Model;
using SaeExplorer.Core.Steering;
using Spectre.Console;

namespace SaeExplorer.Cli.Commands;

/// <summary>
/// `saex steer`: one embedding row steered by an edit list (or an exported recipe), re-encoded, and rendered with
/// the retrieval renderer: its nearest corpus images by exact cosine. The only renderer the CLI has.
/// </summary>
public static class SteerCommand
{
    private const string Retrieval = "retrieval";

    /// <summary>What the command line and the recipe together ask for (the command line wins).</summary>
    private sealed record SteerRequest(EditList Edits, long Row, bool KeepError, int Top, bool IncludeSource);

    public static Command Create()
    {
        var sae = new SaeOptions();
        var embeddings = new Option<FileInfo>("--embeddings") { Description = "Embeddings (.npy): the row to steer and the corpus to search.", Required = true };
        var row = new Option<long?>("--row") { Description = "The row to steer (default: the recipe's source row)." };
        var edits = new Option<FileInfo>("--edits") { Description = "Edit list {\"edits\": [...]} or an exported recipe (.json).", Required = true };
        var keepError = new Option<bool?>("--keep-error") { Description = "true: x + W_dec^T (f' - f), keeping the SAE error (default); false: decode(f')." };
        var renderer = new Option<string?>("--renderer") { Description = "retrieval (nearest corpus images), the only renderer here." };
        var top = new Option<int?>("--top") { Description = "Nearest images to list (default 8, or the recipe's)." };
        var includeSource = new Option<bool>("--include-source") { Description = "Let the steered row itself appear among the nearest." };
        var json = new Option<bool>("--json") { Description = "One JSON document: {\"embedding\", \"code\", \"render\"}." };
        var command = new Command("steer", "Steer an embedding row with SAE feature edits and show its nearest corpus images.")
        {
            embeddings, row, edits, keepError, renderer, top, includeSource, json,
        };
        sae.AddTo(command);
        command.SetAction((parse, ct) => Task.FromResult(Cli.Guard(() =>
        {
            var editsFile = parse.GetRequiredValue(edits).FullName;
            (EditList list, SteeringRecipe? recipe) = SteeringJson.ParseEditsOrRecipe(File.ReadAllText(editsFile));
            CheckRenderer(parse.GetValue(renderer) ?? recipe?.Renderer ?? Retrieval);
            var request = new SteerRequest(list,
                parse.GetValue(row) ?? recipe?.Source.Row ?? throw new ArgumentException("--row is required (no recipe with a source row was given)"),
                parse.GetValue(keepError) ?? recipe?.KeepError ?? true,
                parse.GetValue(top) ?? recipe?.Parameters.Top ?? 8,
                parse.GetValue(includeSource));

            using var data = NpyFile.Open(parse.GetRequiredValue(embeddings).FullName);
            if (request.Row < 0 || request.Row >= data.Rows)
                throw new ArgumentException($"--row {request.Row} is outside the embeddings' {data.Rows} rows (0..{data.Rows - 1})");
            using var model = SaeLoader.Load(parse.GetRequiredValue(sae.Path), parse.GetValue(sae.Format), data.Columns);
            var x = new float[data.Columns];
            data.ReadRow(request.Row, x);
            SteeringResult steered = Steerer.Apply(model, x, list, request.KeepError);
            var options = new RetrievalOptions { Top = request.Top, Exclude = request.IncludeSource ? [] : [(int)request.Row] };
            RetrievalHit[] nearest = ExactRetrieval.Nearest(data, RowNorms.Compute(data, options, ct), steered.Embedding, options, ct);
            string[]? ids = File.Exists(RowIdMap.PathFor(data.Path)) ? RowIdMap.Read(data) : null;

            if (parse.GetValue(json)) WriteJson(steered, nearest, ids);
            else WriteTable(request, ids, steered, nearest);
            return 0;
        })));
        return command;
    }

    private static void CheckRenderer(string name)
    {
        if (name != Retrieval)
            throw new ArgumentException(
                $"renderer '{name}' is not available in the CLI: it renders with 'retrieval' (nearest corpus images) only; pass --renderer retrieval");
    }

    private static void WriteJson(SteeringResult steered, RetrievalHit[] nearest, string[]? ids)
    {
        var output = AnsiConsole.Profile.Out.Writer; // stdout, unwrapped (captured in tests)
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("embedding");
            foreach (float v in steered.Embedding) writer.WriteNumberValue(v);
            writer.WriteEndArray();
            writer.WriteStartArray("code");
            for (int i = 0; i < steered.Reencoded.Count; i++)
            {
                writer.WriteStartArray();
                writer.WriteNumberValue(steered.Reencoded.Indices[i]);
                writer.WriteNumberValue(steered.Reencoded.Values[i]);
                writer.WriteEndArray();
            }
            writer.WriteEndArray();
            writer.WriteStartObject("render");
            writer.WriteString("renderer", Retrieval);
            writer.WriteStartArray("nearest");
            foreach (RetrievalHit hit in nearest)
            {
                writer.WriteStartObject();
                writer.WriteNumber("row", hit.Row);
                if (ids is null) writer.WriteNull("id");
                else writer.WriteString("id", ids[hit.Row]);
                writer.WriteNumber("score", hit.Score);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteTable(SteerRequest request, string[]? ids, SteeringResult steered, RetrievalHit[] nearest)
    {
        string Name(long r) => ids is null ? $"row {r}" : $"row {r} ({ids[r]})";
        AnsiConsole.MarkupLineInterpolated(
            $"{Name(request.Row)}: {request.Edits.Edits.Count} edit(s), {(request.KeepError ? "SAE error kept" : "pure reconstruction")}");
        AnsiConsole.MarkupLineInterpolated($"edited code: {steered.Edited.Count} active; re-encoded: {steered.Reencoded.Count} active; {Features(steered.Reencoded, 10)}");
        var table = new Table().AddColumns("#", "row", "id", "cosine");
        for (int i = 0; i < nearest.Length; i++)
            table.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), nearest[i].Row.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(ids?[nearest[i].Row] ?? "-"), nearest[i].Score.ToString("F4", CultureInfo.InvariantCulture));
        AnsiConsole.WriteLine("nearest corpus images (retrieval):");
        AnsiConsole.Write(table);
    }

    private static string Features(SparseCode code, int count) =>
        string.Join(", ", Enumerable.Range(0, Math.Min(count, code.Count))
            .Select(i => string.Create(CultureInfo.InvariantCulture, $"#{code.Indices[i]} {code.Values[i]:G4}")));
}
