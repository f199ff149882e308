using System.Text.Json;
using System.Text.Json.Serialization;

namespace SaeExplorer.Core.Steering;

/// <summary>
/// The JSON forms of <see cref="EditList"/> and <see cref="SteeringRecipe"/>:
/// <c>{"edits": [{"op": "set", "feature": 12, "value": 3.5}, {"op": "scale", "features": [1, 2, 3], "factor": 0.5},
/// {"op": "remove", "feature": 7}, {"op": "add", "features": [[4, 1.5]], "source": "..."}]}</c>; a recipe adds
/// "renderer", "source", "parameters" and "keepError". Every failure is a <see cref="SteeringEditException"/>
/// whose message names what is wrong and where.
/// </summary>
public static class SteeringJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        WriteIndented = true,
    };

    public static EditList ParseEdits(string json) => Parse<EditList>(json, "edit list");

    public static SteeringRecipe ParseRecipe(string json) => Parse<SteeringRecipe>(json, "recipe");

    /// <summary>A bare edit list, or a full recipe (told apart by its "renderer"); the list is the recipe's edits.</summary>
    public static (EditList Edits, SteeringRecipe? Recipe) ParseEditsOrRecipe(string json)
    {
        if (IsRecipe(json))
        {
            SteeringRecipe recipe = ParseRecipe(json);
            return (recipe.EditList, recipe);
        }
        return (ParseEdits(json), null);
    }

    public static string Write(EditList edits) => JsonSerializer.Serialize(edits, Options);

    public static string Write(SteeringRecipe recipe) => JsonSerializer.Serialize(recipe, Options);

    private static bool IsRecipe(string json)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("renderer", out _);
        }
        catch (JsonException)
        {
            return false; // the edit-list parse reports it
        }
    }

    private static T Parse<T>(string json, string what) where T : class
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options)
                   ?? throw new SteeringEditException($"{what}: the JSON is null; expected an object with \"edits\"");
        }
        catch (JsonException e)
        {
            string where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
            throw new SteeringEditException($"{what}: malformed JSON{where}: {FirstSentence(e.Message)}", e);
        }
    }

    // System.Text.Json appends "Path: ... | LineNumber: ..." to its messages; the position is given above.
    private static string FirstSentence(string message)
    {
        int cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
