using System.Text.Json;
using SaeExplorer.Core.Steering;

namespace SaeExplorer.Core.Tests.Steering;

public class SteeringJsonTests
{
    private const string TheDocumentedForm =
        """{"edits": [{"op": "set", "feature": 12, "value": 3.5}, {"op": "scale", "features": [1, 2, 3], "factor": 0.5}, {"op": "remove", "feature": 7}]}""";

    private static readonly EditList EveryOp = new(
    [
        new SetFeatures(12, 3.5f),
        new ScaleFeatures([1, 2, 3], 0.5f),
        new RemoveFeatures([7, 8]),
        new SetFeatures([3, 5], 0.25f),
        new AddFeatures([new FeatureValue(4, 1.25f), new FeatureValue(900, 0.1f)], "group 2 of image cat-17"),
        new AddFeatures([new FeatureValue(5, 2f)]),
    ]);

    [Fact]
    public void TheDocumentedFormReads()
    {
        EditList edits = SteeringJson.ParseEdits(TheDocumentedForm);
        Assert.Equivalent(new EditList([new SetFeatures(12, 3.5f), new ScaleFeatures([1, 2, 3], 0.5f), new RemoveFeatures(7)]), edits, strict: true);
        Assert.Equivalent(new RemoveFeatures([7, 9]), SteeringJson.ParseEdits("""{"edits":[{"op":"remove","features":[7,9]}]}""").Edits[0], strict: true);
        Assert.Equivalent(new SetFeatures([7, 9], 2f), SteeringJson.ParseEdits("""{"edits":[{"op":"set","features":[7,9],"value":2}]}""").Edits[0], strict: true);
        Assert.Equivalent(new AddFeatures([new FeatureValue(3, -1.5f)], "img 4"),
            SteeringJson.ParseEdits("""{"edits":[{"source":"img 4","features":[[3,-1.5]],"op":"add"}]}""").Edits[0], strict: true); // "op" need not come first
    }

    [Fact]
    public void EditListsRoundTrip()
    {
        string json = SteeringJson.Write(EveryOp);
        EditList back = SteeringJson.ParseEdits(json);
        Assert.Equivalent(EveryOp, back, strict: true);
        Assert.Equal(json, SteeringJson.Write(back));
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement add = document.RootElement.GetProperty("edits")[4];
        Assert.Equal("add", add.GetProperty("op").GetString());
        Assert.Equal("[[4,1.25],[900,0.1]]", JsonSerializer.Serialize(add.GetProperty("features")));
        Assert.False(document.RootElement.GetProperty("edits")[5].TryGetProperty("source", out _));
    }

    [Fact]
    public void RecipesRoundTripAndEitherFormReadsAsEdits()
    {
        var recipe = new SteeringRecipe(EveryOp.Edits, "kandinsky", new RecipeSource("demo") { ImageId = "cat-17", Row = 17 })
        {
            Parameters = new RenderParameters { Steps = 25, Guidance = 4f, Seed = 1234567890123, Width = 512, Height = 768, Scheduler = "ddim", Top = 8 },
            KeepError = false,
        };
        string json = SteeringJson.Write(recipe);
        SteeringRecipe back = SteeringJson.ParseRecipe(json);
        Assert.Equivalent(recipe, back, strict: true);
        Assert.Equal(json, SteeringJson.Write(back));
        Assert.Contains("\"keepError\": false", json);
        Assert.Contains("\"imageId\": \"cat-17\"", json);
        Assert.DoesNotContain("uploadHash", json);

        (EditList fromRecipe, SteeringRecipe? parsed) = SteeringJson.ParseEditsOrRecipe(json);
        Assert.Equivalent(EveryOp, fromRecipe, strict: true);
        Assert.NotNull(parsed);
        (EditList bare, SteeringRecipe? none) = SteeringJson.ParseEditsOrRecipe(TheDocumentedForm);
        Assert.Equal(3, bare.Edits.Count);
        Assert.Null(none);

        SteeringRecipe minimal = SteeringJson.ParseRecipe("""{"edits": [], "renderer": "retrieval", "source": {"workspace": "demo", "uploadHash": "sha256:ab"}}""");
        Assert.True(minimal.KeepError);
        Assert.Equal(new RenderParameters(), minimal.Parameters);
        Assert.Equal("sha256:ab", minimal.Source.UploadHash);
    }

    public static TheoryData<string, string> BadEditLists => new()
    {
        { """{"edits": [{"op": "set", "feature": 1, "value": 2}, {"op": "shift", "feature": 1}]}""", "edits[1]: unknown op \"shift\"; expected set, scale, remove or add" },
        { """{"edits": [{"feature": 1, "value": 2}]}""", "edits[0]: missing \"op\" (one of set, scale, remove, add)" },
        { """{"edits": [{"op": "scale", "features": [1]}]}""", "edits[0] (scale): missing field \"factor\"" },
        { """{"edits": [{"op": "set", "value": 2}]}""", "edits[0] (set): missing field \"features\"" },
        { """{"edits": [{"op": "set", "feature": 1, "features": [2], "value": 2}]}""", "edits[0] (set): give \"feature\" or \"features\", not both" },
        { """{"edits": [{"op": "remove"}]}""", "edits[0] (remove): missing field \"features\"" },
        { """{"edits": [{"op": "set", "feature": 1, "value": 1e999}]}""", "edits[0] (set): value 1e999 is not a finite float32 number" },
        { """{"edits": [{"op": "set", "feature": 1, "value": 1e39}]}""", "edits[0] (set): value 1e39 is not a finite float32 number" },
        { """{"edits": [{"op": "set", "feature": 1, "value": "NaN"}]}""", "edits[0] (set): value must be a number, got the string \"NaN\"" },
        { """{"edits": [{"op": "add", "features": [[1, "Infinity"]]}]}""", "edits[0] (add): features[0]'s value must be a finite number, got the string \"Infinity\"" },
        { """{"edits": [{"op": "add", "features": [[1, 2, 3]]}]}""", "edits[0] (add): features[0] must be a pair [feature, value], got an array" },
        { """{"edits": [{"op": "scale", "features": [1, 2], "factor": -2}]}""", "edits[0] (scale): factor -2 is negative: it would turn activations negative, which an SAE code cannot hold" },
        { """{"edits": [{"op": "set", "feature": -3, "value": 1}]}""", "edits[0] (set): feature -3 is negative; features are numbered from 0" },
        { """{"edits": [{"op": "set", "feature": 1.5, "value": 1}]}""", "edits[0] (set): feature must be a feature index (a whole number), got 1.5" },
        { """{"edits": [{"op": "scale", "features": [1, "2"], "factor": 1}]}""", "edits[0] (scale): features[1] must be a feature index (a whole number), got the string \"2\"" },
        { """{"edits": [{"op": "remove", "feature": 1, "features": [2]}]}""", "edits[0] (remove): give \"feature\" or \"features\", not both" },
        { """{"edits": [{"op": "set", "feature": 1, "valeu": 1, "value": 2}]}""", "edits[0] (set): unknown field \"valeu\"" },
        { """{"edits": [{"op": "scale", "features": 3, "factor": 1}]}""", "edits[0] (scale): features must be an array, got 3" },
        { """{"edits": [3]}""", "edits[0]: an edit must be an object with an \"op\", got 3" },
        { """{"edits": {"op": "set"}}""", "edits must be an array of edits, got an object" },
        { """{"edits": [{"op": "set", "feature": 1, "value": 2}""", "edit list: malformed JSON (line 1" },
        { """{"edit": []}""", "edit list: malformed JSON" },
        { """{}""", "missing required properties including: 'edits'" },
        { "null", "edit list: the JSON is null" },
    };

    [Theory, MemberData(nameof(BadEditLists))]
    public void BadEditListsAreRefusedSayingWhatAndWhere(string json, string message)
    {
        var e = Assert.Throws<SteeringEditException>(() => SteeringJson.ParseEdits(json));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void BadRecipesAreRefused()
    {
        Assert.Contains("edits[0] (set): missing field \"value\"",
            Assert.Throws<SteeringEditException>(() => SteeringJson.ParseEditsOrRecipe("""{"edits": [{"op": "set", "feature": 1}], "renderer": "retrieval", "source": {"workspace": "w"}}""")).Message);
        string noSource = Assert.Throws<SteeringEditException>(() => SteeringJson.ParseRecipe("""{"edits": [], "renderer": "retrieval"}""")).Message;
        Assert.StartsWith("recipe: malformed JSON", noSource);
        Assert.Contains("'source'", noSource);
        Assert.Contains("'stpes'", Assert.Throws<SteeringEditException>(() => SteeringJson.ParseRecipe(
            """{"edits": [], "renderer": "kandinsky", "source": {"workspace": "w"}, "parameters": {"stpes": 3}}""")).Message);
    }
}
