using System.Text.Json;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Sae.Model;
using SaeExplorer.Core.Steering;
using static SaeExplorer.Cli.Tests.CliRunner;

namespace SaeExplorer.Cli.Tests;

public sealed class SteerCommandTests : IDisposable
{
    private const int Rows = 120;
    private const string Edits = """{"edits": [{"op": "set", "feature": 12, "value": 3.5}, {"op": "scale", "features": [1, 2, 3], "factor": 0.5}, {"op": "remove", "feature": 7}]}""";
    private readonly string _dir = Directory.CreateTempSubdirectory("saex-steer-").FullName;
    private readonly string _npy;
    private readonly string _sae;

    public SteerCommandTests()
    {
        _npy = IndexFixtures.WriteEmbeddings(Path.Combine(_dir, "emb.npy"), Rows);
        _sae = IndexFixtures.WriteSae(Path.Combine(_dir, "sae"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private async Task<JsonDocument> SteerJsonAsync(params string[] args)
    {
        var (code, output) = await RunAsync(["steer", "--sae", _sae, "--embeddings", _npy, "--json", .. args]);
        Assert.True(code == 0, output);
        return JsonDocument.Parse(output);
    }

    /// <summary>The Core algebra on the same inputs.</summary>
    private (float[] X, SteeringResult Result) Reference(int row, string editsJson, bool keepError)
    {
        using var data = NpyFile.Open(_npy);
        using SparseAutoencoder model = SaeLoader.Load(_sae, SaeFormat.Auto, data.Columns);
        var x = new float[data.Columns];
        data.ReadRow(row, x);
        return (x, Steerer.Apply(model, x, SteeringJson.ParseEditsOrRecipe(editsJson).Edits, keepError));
    }

    /// <summary>float64 cosine against every row but the source, best first, ties by row.</summary>
    private (int Row, double Score)[] BruteForce(float[] query, int source, int top)
    {
        using var data = NpyFile.Open(_npy);
        var row = new float[data.Columns];
        return [.. Enumerable.Range(0, Rows).Where(r => r != source).Select(r =>
        {
            data.ReadRow(r, row);
            double dot = 0, a = 0, b = 0;
            for (int j = 0; j < row.Length; j++) { dot += (double)row[j] * query[j]; a += (double)row[j] * row[j]; b += (double)query[j] * query[j]; }
            return (Row: r, Score: dot / Math.Sqrt(a * b));
        }).OrderByDescending(h => h.Score).ThenBy(h => h.Row).Take(top)];
    }

    /// <summary>Spectre wraps long messages at the console width.</summary>
    private static string OneLine(string output) => System.Text.RegularExpressions.Regex.Replace(output, @"\s+", " ");

    private static float[] Floats(JsonElement array) => [.. array.EnumerateArray().Select(v => v.GetSingle())];

    [Fact]
    public async Task PrintsTheSteeredEmbeddingItsCodeAndTheNearestRows()
    {
        using JsonDocument document = await SteerJsonAsync("--row", "17", "--edits", Write("edits.json", Edits));
        JsonElement root = document.RootElement;
        Assert.Equal(["embedding", "code", "render"], root.EnumerateObject().Select(p => p.Name));
        (_, SteeringResult expected) = Reference(17, Edits, keepError: true);

        Assert.Equal(expected.Embedding, Floats(root.GetProperty("embedding")));
        Assert.Equal(expected.Reencoded.Indices, root.GetProperty("code").EnumerateArray().Select(p => p[0].GetInt32()));
        Assert.Equal(expected.Reencoded.Values, root.GetProperty("code").EnumerateArray().Select(p => p[1].GetSingle()));

        JsonElement render = root.GetProperty("render");
        Assert.Equal("retrieval", render.GetProperty("renderer").GetString());
        JsonElement[] nearest = [.. render.GetProperty("nearest").EnumerateArray()];
        (int Row, double Score)[] reference = BruteForce(expected.Embedding, 17, 8);
        Assert.Equal(reference.Select(h => h.Row), nearest.Select(h => h.GetProperty("row").GetInt32()));
        Assert.Equal(reference.Select(h => $"r{h.Row}"), nearest.Select(h => h.GetProperty("id").GetString()));
        for (int i = 0; i < reference.Length; i++)
            Assert.Equal(reference[i].Score, nearest[i].GetProperty("score").GetDouble(), 1e-5);
    }

    [Fact]
    public async Task KeepErrorFalseGivesThePureReconstructionAndIncludeSourceFindsTheRowItself()
    {
        string noChange = Write("none.json", """{"edits": []}""");
        using JsonDocument same = await SteerJsonAsync("--row", "4", "--edits", noChange, "--include-source", "--top", "2");
        Assert.Equal(4, same.RootElement.GetProperty("render").GetProperty("nearest")[0].GetProperty("row").GetInt32());
        Assert.Equal(1.0, same.RootElement.GetProperty("render").GetProperty("nearest")[0].GetProperty("score").GetDouble(), 5);

        using JsonDocument pure = await SteerJsonAsync("--row", "4", "--edits", Write("edits.json", Edits), "--keep-error", "false");
        (float[] x, SteeringResult expected) = Reference(4, Edits, keepError: false);
        using SparseAutoencoder model = SaeLoader.Load(_sae, SaeFormat.Auto, x.Length);
        Assert.Equal(model.Decode(expected.Edited, x), Floats(pure.RootElement.GetProperty("embedding")));
    }

    [Fact]
    public async Task ARecipeGivesTheRowKeepErrorAndTopAndTheFlagsOverrideIt()
    {
        var recipe = new SteeringRecipe(SteeringJson.ParseEdits(Edits).Edits, "retrieval", new RecipeSource("demo") { ImageId = "r9", Row = 9 })
        {
            Parameters = new RenderParameters { Top = 3 },
            KeepError = false,
        };
        string path = Write("recipe.json", SteeringJson.Write(recipe));
        using JsonDocument fromRecipe = await SteerJsonAsync("--edits", path);
        (_, SteeringResult expected) = Reference(9, Edits, keepError: false);
        Assert.Equal(expected.Embedding, Floats(fromRecipe.RootElement.GetProperty("embedding")));
        Assert.Equal(BruteForce(expected.Embedding, 9, 3).Select(h => h.Row),
            fromRecipe.RootElement.GetProperty("render").GetProperty("nearest").EnumerateArray().Select(h => h.GetProperty("row").GetInt32()));

        using JsonDocument overridden = await SteerJsonAsync("--edits", path, "--row", "10", "--keep-error", "true", "--top", "5");
        Assert.Equal(Reference(10, Edits, keepError: true).Result.Embedding, Floats(overridden.RootElement.GetProperty("embedding")));
        Assert.Equal(5, overridden.RootElement.GetProperty("render").GetProperty("nearest").GetArrayLength());

        string kandinsky = Write("kandinsky.json", SteeringJson.Write(recipe with { Renderer = "kandinsky" }));
        var (code, output) = await RunAsync("steer", "--sae", _sae, "--embeddings", _npy, "--edits", kandinsky);
        Assert.Equal(2, code);
        Assert.Contains("renderer 'kandinsky' is not available in the CLI: it renders with 'retrieval' (nearest corpus images) only", OneLine(output));
        using JsonDocument retrieval = await SteerJsonAsync("--edits", kandinsky, "--renderer", "retrieval");
        Assert.Equal(3, retrieval.RootElement.GetProperty("render").GetProperty("nearest").GetArrayLength());
    }

    [Fact]
    public async Task WithoutJsonItPrintsATableAndWithoutAnIdsFileTheIdsAreNull()
    {
        var (code, output) = await RunAsync("steer", "--sae", _sae, "--embeddings", _npy, "--row", "3", "--edits", Write("edits.json", Edits));
        Assert.True(code == 0, output);
        Assert.Contains("row 3 (r3): 3 edit(s), SAE error kept", output);
        Assert.Contains("nearest corpus images (retrieval):", output);
        Assert.Contains("cosine", output);

        File.Delete(RowIdMap.PathFor(_npy));
        using JsonDocument document = await SteerJsonAsync("--row", "3", "--edits", Write("edits.json", Edits));
        Assert.All(document.RootElement.GetProperty("render").GetProperty("nearest").EnumerateArray(),
            h => Assert.Equal(JsonValueKind.Null, h.GetProperty("id").ValueKind));
    }

    public static TheoryData<string[], string> Errors => new()
    {
        { ["--row", "120"], "--row 120 is outside the embeddings' 120 rows (0..119)" },
        { ["--row", "-1"], "--row -1 is outside the embeddings' 120 rows" },
        { [], "--row is required (no recipe with a source row was given)" },
        { ["--row", "1", "--renderer", "kandinsky"], "renderer 'kandinsky' is not available in the CLI" },
    };

    [Theory, MemberData(nameof(Errors))]
    public async Task BadArgumentsExitWithAMessage(string[] args, string message)
    {
        var (code, output) = await RunAsync(["steer", "--sae", _sae, "--embeddings", _npy, "--edits", Write("edits.json", Edits), .. args]);
        Assert.Equal(2, code);
        Assert.Contains(message, OneLine(output));
    }

    [Fact]
    public async Task BadEditsAndMissingFilesExitWithAMessage()
    {
        async Task<string> Fails(string edits, string embeddings)
        {
            var (code, output) = await RunAsync("steer", "--sae", _sae, "--embeddings", embeddings, "--row", "1", "--edits", edits);
            Assert.Equal(2, code);
            return OneLine(output);
        }

        Assert.Contains("edits[1]: unknown op \"shift\"",
            await Fails(Write("bad.json", """{"edits": [{"op": "remove", "feature": 1}, {"op": "shift"}]}"""), _npy));
        Assert.Contains("edits[0] (set): feature 48 is outside 0..47 (the SAE has 48 features)",
            await Fails(Write("range.json", """{"edits": [{"op": "set", "feature": 48, "value": 1}]}"""), _npy));
        Assert.Contains("malformed JSON (line 1", await Fails(Write("cut.json", """{"edits": [{"op": """), _npy));
        Assert.Contains("missing.json", await Fails(Path.Combine(_dir, "missing.json"), _npy));
        Assert.Contains("nowhere.npy", await Fails(Write("edits.json", Edits), Path.Combine(_dir, "nowhere.npy")));
    }
}
