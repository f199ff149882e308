using System.Text.Json;
using System.Text.Json.Serialization;

namespace SaeExplorer.Core.Steering;

/// <summary>
/// The "edits" array: each element an object with an "op" (set, scale, remove, add) and that op's fields, read with
/// errors naming the element's position, checked (<see cref="SteeringEdit.Check"/>) as it is read.
/// </summary>
internal sealed class EditsJsonConverter : JsonConverter<IReadOnlyList<SteeringEdit>>
{
    public override IReadOnlyList<SteeringEdit> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using JsonDocument document = JsonDocument.ParseValue(ref reader);
        JsonElement array = document.RootElement;
        if (array.ValueKind != JsonValueKind.Array)
            throw new SteeringEditException($"edits must be an array of edits, got {EditJsonFields.Describe(array)}");
        return [.. array.EnumerateArray().Select(ReadEdit)];
    }

    private static SteeringEdit ReadEdit(JsonElement element, int position)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new SteeringEditException($"edits[{position}]: an edit must be an object with an \"op\", got {EditJsonFields.Describe(element)}");
        if (!element.TryGetProperty("op", out JsonElement op) || op.ValueKind != JsonValueKind.String)
            throw new SteeringEditException($"edits[{position}]: missing \"op\" (one of set, scale, remove, add)");
        string name = op.GetString()!;
        var context = new EditContext(position, name, dSae: null);
        var fields = new EditJsonFields(element, context);
        SteeringEdit edit = name switch
        {
            "set" => new SetFeatures(OneOrMany(fields, context), fields.Float("value")),
            "scale" => new ScaleFeatures(fields.IntArray("features"), fields.Float("factor")),
            "remove" => new RemoveFeatures(OneOrMany(fields, context)),
            "add" => new AddFeatures(fields.Pairs("features"), fields.OptionalString("source")),
            _ => throw new SteeringEditException($"edits[{position}]: unknown op \"{name}\"; expected set, scale, remove or add"),
        };
        fields.RejectUnread();
        edit.Check(context);
        return edit;
    }

    /// <summary>"feature": i or "features": [...], not both.</summary>
    private static int[] OneOrMany(EditJsonFields fields, EditContext context) =>
        (fields.Has("feature"), fields.Has("features")) switch
        {
            (true, true) => throw context.Error($"give \"feature\" or \"features\", not both"),
            (true, false) => [fields.Int("feature")],
            _ => fields.IntArray("features"),
        };

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<SteeringEdit> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (SteeringEdit edit in value)
        {
            writer.WriteStartObject();
            writer.WriteString("op", edit.Op);
            switch (edit)
            {
                case SetFeatures set:
                    WriteOneOrMany(writer, set.Features);
                    writer.WriteNumber("value", set.Value);
                    break;
                case ScaleFeatures scale:
                    WriteInts(writer, "features", scale.Features);
                    writer.WriteNumber("factor", scale.Factor);
                    break;
                case RemoveFeatures remove:
                    WriteOneOrMany(writer, remove.Features);
                    break;
                case AddFeatures add:
                    writer.WriteStartArray("features");
                    foreach ((int feature, float v) in add.Features)
                    {
                        writer.WriteStartArray();
                        writer.WriteNumberValue(feature);
                        writer.WriteNumberValue(v);
                        writer.WriteEndArray();
                    }
                    writer.WriteEndArray();
                    if (add.Source is not null)
                        writer.WriteString("source", add.Source);
                    break;
                default:
                    throw new NotSupportedException($"no JSON form for edit {edit.GetType().Name}");
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    // One feature as "feature": i, the form the CLI's documentation shows.
    private static void WriteOneOrMany(Utf8JsonWriter writer, IReadOnlyList<int> features)
    {
        if (features.Count == 1)
            writer.WriteNumber("feature", features[0]);
        else
            WriteInts(writer, "features", features);
    }

    private static void WriteInts(Utf8JsonWriter writer, string name, IReadOnlyList<int> values)
    {
        writer.WriteStartArray(name);
        foreach (int v in values)
            writer.WriteNumberValue(v);
        writer.WriteEndArray();
    }
}
