using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SaeExplorer.Data.Transfer;

/// <summary>One row of a Neuronpedia-shaped explanations export (<c>explanations/*.jsonl.gz</c>).</summary>
/// <param name="ModelId">Neuronpedia's model id, when the export names one; left out otherwise.</param>
/// <param name="Layer">Neuronpedia's SAE id ("layer"), when given.</param>
/// <param name="TypeName">How the explanation was made: the label's source ("human", "autointerp:decoder-direction").</param>
public sealed record ExplanationRow(
    [property: JsonPropertyName("modelId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ModelId,
    [property: JsonPropertyName("layer"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Layer,
    [property: JsonPropertyName("index")] string Index,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("authorName")] string AuthorName,
    [property: JsonPropertyName("score")] double? Score,
    [property: JsonPropertyName("typeName")] string TypeName);

/// <summary>
/// Feature labels as Neuronpedia explanations: gzip'd JSON Lines, one explanation per label (a feature may have
/// several), index as a string as Neuronpedia writes it, the author's user name or "autointerp" for a run's label.
/// </summary>
public static class Explanations
{
    public const string Folder = "explanations";

    public static IEnumerable<ExplanationRow> Of(IEnumerable<LabelRow> labels, string? modelId = null, string? layer = null) =>
        labels.Where(l => l.Feature is not null).Select(l => new ExplanationRow(modelId, layer,
            l.Feature!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), l.Text, l.Author ?? "autointerp", l.Score, l.Source));

    public static void Write(Stream stream, IEnumerable<ExplanationRow> rows)
    {
        using var gzip = new GZipStream(stream, CompressionLevel.Optimal, leaveOpen: true);
        using var text = new StreamWriter(gzip, new UTF8Encoding(false));
        foreach (var row in rows) text.Write(JsonSerializer.Serialize(row) + "\n");
    }
}
