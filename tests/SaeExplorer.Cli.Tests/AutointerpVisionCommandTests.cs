using System.Text.Json;
using SaeExplorer.Core.Tests.Labeling;
using SaeExplorer.Core.Tests.Labeling.Vision;
using static SaeExplorer.Cli.Tests.CliRunner;

namespace SaeExplorer.Cli.Tests;

/// <summary>
/// `saex autointerp --method vision` on the planted corpus with a picture per image (its category's colour), against a
/// local chat stand-in that names the colour of the first top image it is shown.
/// </summary>
public sealed class AutointerpVisionCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("saex-vision-").FullName;
    private readonly PlantedCorpus _corpus = new();
    private readonly string _npy, _manifest, _sae;

    public AutointerpVisionCommandTests()
    {
        (_npy, _manifest, _sae) = _corpus.Write(_dir);
        PlantedImages.Write(_corpus, _dir);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string[] Args(string endpoint, params string[] extra) =>
    [
        "autointerp", "--method", "vision", "--sae", _sae, "--embeddings", _npy, "--manifest", _manifest,
        "--endpoint", endpoint, "--model", "qwen2-vl-stand-in", "--held-out-fraction", "0.2", "--seed", "1", .. extra,
    ];

    private static async Task<JsonElement> JsonAsync(string[] args)
    {
        var (code, output) = await RunAsync([.. args, "--json"]);
        Assert.True(code == 0, output);
        using var doc = JsonDocument.Parse(output);
        return doc.RootElement.Clone();
    }

    [Fact]
    public async Task EveryAliveFeatureIsAskedAboutAndItsAnswerScoredOnHeldOutImages()
    {
        await using var server = await ChatStandIn.StartAsync(PlantedImages.NameTheColour);

        var doc = await JsonAsync(Args(server.Endpoint));

        Assert.Equal(13, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal("qwen2-vl-stand-in", r.Model));
        Assert.All(server.Requests, r => Assert.Equal(8, r.ImagesAfter(Core.Labeling.Vision.VisionLabeler.TopHeading).Length));
        Assert.All(server.Requests, r => Assert.Equal(4, r.ImagesAfter(Core.Labeling.Vision.VisionLabeler.ContrastHeading).Length));
        Assert.All(server.Requests.SelectMany(r => r.ImagesAfter(Core.Labeling.Vision.VisionLabeler.TopHeading)),
            url => Assert.StartsWith("data:image/jpeg;base64,", url)); // thumbnails of the manifest's files
        var features = doc.GetProperty("features").EnumerateArray().ToArray();
        Assert.Equal(Enumerable.Range(0, 13), features.Select(f => f.GetProperty("feature").GetInt32()));
        foreach (var f in features.Where(f => f.GetProperty("feature").GetInt32() < PlantedCorpus.RandomFeature))
        {
            Assert.Equal(PlantedImages.Names[f.GetProperty("feature").GetInt32() / 2], f.GetProperty("label").GetString());
            Assert.Equal("vision", f.GetProperty("method").GetString());
            Assert.Equal("text", f.GetProperty("kind").GetString());
            Assert.True(f.GetProperty("score").GetDouble() > 0.95);
        }
        Assert.Equal("vision", doc.GetProperty("report").GetProperty("method").GetString());
        Assert.Equal(13, doc.GetProperty("report").GetProperty("labelled").GetInt32());
    }

    [Fact]
    public async Task WithAnAnswersFileAStoppedRunGoesOnWhereItStopped()
    {
        var answers = Path.Combine(_dir, "answers.jsonl");
        await using (var first = await ChatStandIn.StartAsync(PlantedImages.NameTheColour))
        {
            var doc = await JsonAsync(Args(first.Endpoint, "--answers", answers, "--max-features", "5"));
            Assert.Equal(5, first.Requests.Count);
            Assert.Equal(5, doc.GetProperty("features").GetArrayLength());
        }
        Assert.Equal(5, File.ReadAllLines(answers).Length);
        await File.AppendAllTextAsync(answers, "{\"feature\": 5, \"lab"); // a line cut off by a kill

        await using var second = await ChatStandIn.StartAsync(PlantedImages.NameTheColour);
        var resumed = await JsonAsync(Args(second.Endpoint, "--answers", answers));

        Assert.Equal(8, second.Requests.Count); // features 5 to 12; 0 to 4 were labelled by the first run
        Assert.Equal(Enumerable.Range(0, 13), resumed.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("feature").GetInt32()));
        Assert.Equal("flower", resumed.GetProperty("features")[6].GetProperty("label").GetString());
        Assert.Equal("bird", resumed.GetProperty("features")[0].GetProperty("label").GetString());
    }

    [Fact]
    public async Task RefusedAnswersAreListedWithTheReasonAndAskedAgainNextTime()
    {
        var answers = Path.Combine(_dir, "answers.jsonl");
        await using (var rambling = await ChatStandIn.StartAsync(r => r.Number == 1
                         ? new StandInReply.Text("<p>bird</p>")
                         : PlantedImages.NameTheColour(r)))
        {
            var doc = await JsonAsync(Args(rambling.Endpoint, "--answers", answers, "--max-features", "2"));
            var refused = doc.GetProperty("features")[0];
            Assert.Equal(JsonValueKind.Null, refused.GetProperty("label").ValueKind);
            Assert.Equal("the answer is markup, not a name: '<p>bird</p>'", refused.GetProperty("undefined").GetString());
        }
        await using var again = await ChatStandIn.StartAsync(PlantedImages.NameTheColour);
        var next = await JsonAsync(Args(again.Endpoint, "--answers", answers, "--max-features", "1"));
        Assert.Equal("bird", next.GetProperty("features")[0].GetProperty("label").GetString());
    }

    [Fact]
    public async Task AnEndpointThatKeepsFailingIsAClearErrorAndKeepsTheAnswersSoFar()
    {
        var answers = Path.Combine(_dir, "answers.jsonl");
        await using var server = await ChatStandIn.StartAsync(r => r.Number <= 3 ? PlantedImages.NameTheColour(r) : new StandInReply.Error(503));
        // Concurrency 1 and no retries, from the environment as the app's settings would give them.
        Environment.SetEnvironmentVariable("Autointerp__Vision__Concurrency", "1");
        Environment.SetEnvironmentVariable("Autointerp__Vision__MaxRetries", "0");
        try
        {
            var (code, output) = await RunAsync(Args(server.Endpoint, "--answers", answers));
            Assert.Equal(2, code);
            Assert.Contains("the endpoint answered 503", output);
            Assert.Contains("gave up after 1 tries", output);
        }
        finally
        {
            Environment.SetEnvironmentVariable("Autointerp__Vision__Concurrency", null);
            Environment.SetEnvironmentVariable("Autointerp__Vision__MaxRetries", null);
        }
        Assert.Equal(3, File.ReadAllLines(answers).Length);
    }

    [Fact]
    public async Task WithoutAnEndpointItSaysWhereToNameOne()
    {
        var (code, output) = await RunAsync(["autointerp", "--method", "vision", "--sae", _sae, "--embeddings", _npy, "--manifest", _manifest]);
        Assert.Equal(2, code);
        Assert.Contains("--method vision needs a chat endpoint: --endpoint, or Autointerp:Vision:Endpoint in appsettings.json",
            System.Text.RegularExpressions.Regex.Replace(output, @"\s+", " "));
    }
}
