using System.Text.Json.Nodes;

namespace SaeExplorer.Core.Sae.Loading;

/// <summary>
/// Typed reads of the JSON fields in weight files' configs and headers (cfg.json, a saev line, a safetensors header):
/// absent is null, and a value of the wrong type is a <see cref="SaeFormatException"/> naming the field and the
/// value, never the JSON library's own exception.
/// </summary>
internal static class JsonFields
{
    private static readonly System.Text.Json.JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false };

    /// <summary>Parses JSON, refusing a key given twice (which of the two would count is anyone's guess) as invalid JSON.</summary>
    /// <exception cref="System.Text.Json.JsonException">Not valid JSON, or a key twice.</exception>
    public static JsonNode? Parse(string json) => JsonNode.Parse(json, documentOptions: Strict);

    public static string? String(JsonNode? node, string field, string source) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => throw Wrong(node, field, "a string", source),
    };

    public static bool? Bool(JsonNode? node, string field, string source) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        _ => throw Wrong(node, field, "true or false", source),
    };

    public static double? Double(JsonNode? node, string field, string source) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<double>(out var d) && double.IsFinite(d) => d,
        _ => throw Wrong(node, field, "a number", source),
    };

    /// <summary>A whole number from 0 to int.MaxValue (written as 4 or 4.0).</summary>
    public static int? Int(JsonNode? node, string field, string source)
    {
        if (node is null) return null;
        if (node is JsonValue v)
        {
            if (v.TryGetValue<int>(out var i) && i >= 0) return i;
            if (v.TryGetValue<double>(out var d) && d == Math.Floor(d) && d is >= 0 and <= int.MaxValue) return (int)d;
        }
        throw Wrong(node, field, "a whole number from 0 to 2147483647", source);
    }

    private static SaeFormatException Wrong(JsonNode node, string field, string expected, string source)
    {
        var text = node.ToJsonString();
        return new SaeFormatException($"{source}: field '{field}' must be {expected}, got {(text.Length > 80 ? text[..80] + "…" : text)}");
    }
}
