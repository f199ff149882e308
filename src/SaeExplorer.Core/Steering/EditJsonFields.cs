using System.Text.Json;

namespace SaeExplorer.Core.Steering;

/// <summary>Reads one edit object's fields, each failure naming the edit and the field; remembers what it read, so
/// anything else in the object (a misspelt field) is refused rather than silently ignored.</summary>
internal sealed class EditJsonFields(JsonElement edit, EditContext context)
{
    private readonly HashSet<string> _read = ["op"];

    public bool Has(string name) => edit.TryGetProperty(name, out _);

    public int Int(string name) => IntValue(Required(name), name);

    public float Float(string name)
    {
        JsonElement value = Required(name);
        if (value.ValueKind != JsonValueKind.Number)
            throw context.Error($"{name} must be a number, got {Describe(value)}");
        if (!value.TryGetDouble(out double number) || !float.IsFinite((float)number))
            throw context.Error($"{name} {value.GetRawText()} is not a finite float32 number");
        return (float)number;
    }

    public int[] IntArray(string name) => [.. Array(name).Select((v, i) => IntValue(v, $"{name}[{i}]"))];

    /// <summary>[[feature, value], ...].</summary>
    public FeatureValue[] Pairs(string name) => [.. Array(name).Select((pair, i) =>
    {
        if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2)
            throw context.Error($"{name}[{i}] must be a pair [feature, value], got {Describe(pair)}");
        JsonElement value = pair[1];
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out double number) || !float.IsFinite((float)number))
            throw context.Error($"{name}[{i}]'s value must be a finite number, got {Describe(value)}");
        return new FeatureValue(IntValue(pair[0], $"{name}[{i}]'s feature"), (float)number);
    })];

    public string? OptionalString(string name)
    {
        _read.Add(name);
        if (!edit.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw context.Error($"{name} must be a string, got {Describe(value)}");
    }

    public void RejectUnread()
    {
        foreach (JsonProperty property in edit.EnumerateObject())
            if (!_read.Contains(property.Name))
                throw context.Error($"unknown field \"{property.Name}\"");
    }

    private JsonElement Required(string name)
    {
        _read.Add(name);
        return edit.TryGetProperty(name, out JsonElement value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw context.Error($"missing field \"{name}\"");
    }

    private IEnumerable<JsonElement> Array(string name)
    {
        JsonElement value = Required(name);
        return value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().ToArray()
            : throw context.Error($"{name} must be an array, got {Describe(value)}");
    }

    private int IntValue(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int number)
            ? number
            : throw context.Error($"{name} must be a feature index (a whole number), got {Describe(value)}");

    internal static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string {value.GetRawText()}",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => value.GetRawText(),
    };
}
