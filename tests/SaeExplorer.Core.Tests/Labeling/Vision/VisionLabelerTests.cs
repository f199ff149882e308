using SaeExplorer.Core.Labeling.Vision;
using SaeExplorer.Core.Settings;

namespace SaeExplorer.Core.Tests.Labeling.Vision;

/// <summary>The vision labeller against a local chat-completions stand-in: the request's shape, retries, timeouts, cancellation.</summary>
public sealed class VisionLabelerTests : IDisposable
{
    private static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 9, 8, 7, 6];
    private static readonly byte[] Gif = "GIF89a"u8.ToArray();

    private readonly string _keyVariable = $"SAEX_TEST_VISION_KEY_{Guid.NewGuid():N}";
    private readonly List<TimeSpan> _waits = [];

    private static VisionLabelOptions Options(string endpoint) => new()
    {
        Endpoint = endpoint, Model = "qwen2-vl-test", TimeoutSeconds = 10, MaxRetries = 3, RetryBaseSeconds = 1, MaxRetryDelaySeconds = 30,
    };

    /// <summary>A labeller whose waits between tries are recorded, not slept.</summary>
    private VisionLabeler Labeler(VisionLabelOptions options) =>
        new(options, (wait, _) =>
        {
            lock (_waits) _waits.Add(wait);
            return Task.CompletedTask;
        });

    public void Dispose() => Environment.SetEnvironmentVariable(_keyVariable, null);

    [Fact]
    public async Task TheRequestShowsThePromptTheTopImagesThenTheContrastImagesAsDataUrls()
    {
        await using var server = await ChatStandIn.StartAsync("boats");
        Environment.SetEnvironmentVariable(_keyVariable, "sk-local");
        using var labeler = new VisionLabeler(Options(server.Endpoint) with { ApiKeyVariable = _keyVariable });

        var answer = await labeler.AskAsync(new VisionImages([Png, Jpeg], [Gif]));

        Assert.Equal("boats", answer.Label);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Bearer sk-local", request.Authorization);
        Assert.Equal("qwen2-vl-test", request.Model);
        Assert.Equal(0, request.Body.GetProperty("temperature").GetDouble());
        var message = Assert.Single(request.Messages);
        Assert.Equal("user", message.GetProperty("role").GetString());
        Assert.Equal(["text", "text", "image_url", "image_url", "text", "image_url"], request.Parts.Select(p => p.GetProperty("type").GetString()));
        var prompt = request.Texts[0];
        Assert.StartsWith("You are naming one feature of a sparse autoencoder", prompt);
        Assert.Contains("The first 2 images below", prompt); // {top} and {contrast} filled in with what was sent
        Assert.Contains("The last 1 images", prompt);
        Assert.Equal([VisionLabeler.TopHeading, VisionLabeler.ContrastHeading], request.Texts[1..]);
        Assert.Equal(["data:image/png;base64," + Convert.ToBase64String(Png), "data:image/jpeg;base64," + Convert.ToBase64String(Jpeg)],
            request.ImagesAfter(VisionLabeler.TopHeading));
        Assert.Equal(["data:image/gif;base64," + Convert.ToBase64String(Gif)], request.ImagesAfter(VisionLabeler.ContrastHeading));
    }

    [Fact]
    public async Task AtMostTheConfiguredImagesAreSentAndNoContrastHeadingWithoutContrastImages()
    {
        await using var server = await ChatStandIn.StartAsync("Label: boats");
        using var labeler = new VisionLabeler(Options(server.Endpoint) with { TopImages = 2, ContrastImages = 0 });

        Assert.Equal("boats", (await labeler.AskAsync(new VisionImages([Jpeg, Png, Png], [Gif, Gif]))).Label);

        var request = Assert.Single(server.Requests);
        Assert.Equal(2, request.ImagesAfter(VisionLabeler.TopHeading).Length);
        Assert.DoesNotContain(VisionLabeler.ContrastHeading, request.Texts);
        Assert.Equal("Bearer unused", request.Authorization); // no key variable named: a placeholder for servers that check none
    }

    [Fact]
    public async Task ThePromptComesFromTheLabsFile()
    {
        var prompt = Path.Combine(Directory.CreateTempSubdirectory("saex-prompt-").FullName, "prompt.txt");
        await File.WriteAllTextAsync(prompt, "Name it. {top} strong, {contrast} silent.\n");
        await using var server = await ChatStandIn.StartAsync("x");
        using var labeler = new VisionLabeler(Options(server.Endpoint) with { PromptPath = prompt });

        await labeler.AskAsync(new VisionImages([Png, Png, Png], [Jpeg]));

        Assert.Equal("Name it. 3 strong, 1 silent.", server.Requests.Single().Texts[0]);
    }

    [Fact]
    public async Task BadImagesAreRefusedBeforeAnythingIsSent()
    {
        await using var server = await ChatStandIn.StartAsync("x");
        using var labeler = new VisionLabeler(Options(server.Endpoint));

        Assert.Contains("top image 2 is not a PNG, JPEG, GIF, WebP or BMP file",
            (await Assert.ThrowsAsync<ArgumentException>(() => labeler.AskAsync(new VisionImages([Png, "hello"u8.ToArray()], [])))).Message);
        Assert.Contains("contrast image 1 is not",
            (await Assert.ThrowsAsync<ArgumentException>(() => labeler.AskAsync(new VisionImages([Png], ["no"u8.ToArray()])))).Message);
        Assert.Contains("at least one top image", (await Assert.ThrowsAsync<ArgumentException>(() => labeler.AskAsync(new VisionImages([], [Png])))).Message);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("\"Red fish.\"\nThey are all red fish.", "Red fish")]
    [InlineData("**Label:** sailing boats", "sailing boats")]
    [InlineData("- striped cats", "striped cats")]
    [InlineData("1. wooden   chairs!", "wooden chairs")]
    [InlineData("<think>The first images show dogs; the last do not.</think>\n\ndogs on grass", "dogs on grass")]
    [InlineData("`snowy mountains`", "snowy mountains")]
    [InlineData("\n\n  night sky \n", "night sky")]
    public void RepliesAreCleanedToOneShortName(string reply, string label)
    {
        var answer = VisionAnswer.Read(reply, maxWords: 6);
        Assert.Equal(label, answer.Label);
        Assert.Null(answer.Refused);
        Assert.Equal(reply, answer.Reply);
    }

    [Theory]
    [InlineData("", "the model answered with no text")]
    [InlineData("   \n ", "the model answered with no text")]
    [InlineData("<think>only thinking", "the model answered with no text")]
    [InlineData("<b>dogs</b>", "the answer is markup, not a name: '<b>dogs</b>'")]
    [InlineData("```json", "the answer is markup")]
    [InlineData("{\"label\": \"dogs\"}", "the answer is markup")]
    [InlineData("see https://example.org/dogs", "the answer holds a link")]
    [InlineData("...", "the answer has no word")]
    [InlineData("These images all show dogs playing on green grass in a park.", "the answer is too long for a name (12 words, at most 6)")]
    [InlineData("supercalifragilisticexpialidocious-extraordinarily-long-hyphenated-word", "the answer is too long for a name (71 characters, at most 60)")]
    public void MalformedRepliesAreRefusedWithTheReason(string reply, string why)
    {
        var answer = VisionAnswer.Read(reply, maxWords: 6);
        Assert.Null(answer.Label);
        Assert.StartsWith(why, answer.Refused);
    }

    [Fact]
    public async Task A429IsTriedAgainAfterItsRetryAfter()
    {
        await using var server = await ChatStandIn.StartAsync(r => r.Number == 1 ? new StandInReply.Error(429, "3") : new StandInReply.Text("dogs"));
        using var labeler = Labeler(Options(server.Endpoint));
        var progress = new List<string>();

        var answer = await labeler.AskAsync(new VisionImages([Png], []), new SyncProgress<string>(progress.Add));

        Assert.Equal("dogs", answer.Label);
        Assert.Equal([TimeSpan.FromSeconds(3)], _waits);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(server.Requests[0].Body.GetRawText(), server.Requests[1].Body.GetRawText()); // the same request again
        Assert.StartsWith("the endpoint answered 429", Assert.Single(progress));
        Assert.EndsWith("trying again in 3 s (try 2 of 4)", progress[0]);
    }

    [Fact]
    public async Task ServerErrorsBackOffExponentiallyWhenNoRetryAfterIsGiven()
    {
        await using var server = await ChatStandIn.StartAsync(r => r.Number switch
        {
            1 => new StandInReply.Error(503),
            2 => new StandInReply.Error(500),
            3 => new StandInReply.Error(502),
            _ => new StandInReply.Text("dogs"),
        });
        using var labeler = Labeler(Options(server.Endpoint) with { RetryBaseSeconds = 0.5 });

        Assert.Equal("dogs", (await labeler.AskAsync(new VisionImages([Png], []))).Label);
        Assert.Equal([0.5, 1.0, 2.0], _waits.Select(w => w.TotalSeconds));
    }

    [Fact]
    public async Task RetryAfterIsCappedAndADateInThePastMeansNow()
    {
        await using var server = await ChatStandIn.StartAsync(r => r.Number switch
        {
            1 => new StandInReply.Error(429, "120"),
            2 => new StandInReply.Error(503, "Wed, 21 Oct 2015 07:28:00 GMT"),
            _ => new StandInReply.Text("dogs"),
        });
        using var labeler = Labeler(Options(server.Endpoint) with { MaxRetryDelaySeconds = 10 });

        await labeler.AskAsync(new VisionImages([Png], []));
        Assert.Equal([TimeSpan.FromSeconds(10), TimeSpan.Zero], _waits);
    }

    [Fact]
    public async Task AfterTheLastRetryTheRequestFailsWithTheReason()
    {
        await using var server = await ChatStandIn.StartAsync(_ => new StandInReply.Error(500));
        using var labeler = Labeler(Options(server.Endpoint) with { MaxRetries = 2 });

        var e = await Assert.ThrowsAsync<VisionRequestException>(() => labeler.AskAsync(new VisionImages([Png], [])));

        Assert.Contains("the endpoint answered 500", e.Message);
        Assert.Contains("gave up after 3 tries (Autointerp:Vision:MaxRetries is 2)", e.Message);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task AClientErrorIsNotTriedAgain()
    {
        await using var server = await ChatStandIn.StartAsync(_ => new StandInReply.Error(400));
        using var labeler = Labeler(Options(server.Endpoint));

        var e = await Assert.ThrowsAsync<VisionRequestException>(() => labeler.AskAsync(new VisionImages([Png], [])));

        Assert.Contains("refused the request for model 'qwen2-vl-test': 400", e.Message);
        Assert.Single(server.Requests);
        Assert.Empty(_waits);
    }

    [Fact]
    public async Task ARequestPastItsTimeoutIsTriedAgainThenGivenUp()
    {
        await using var server = await ChatStandIn.StartAsync(r => r.Number == 1 ? new StandInReply.Hang() : new StandInReply.Text("dogs"));
        // 3 s: the answer to the second try must come well within it, even on a loaded machine
        using (var labeler = Labeler(Options(server.Endpoint) with { TimeoutSeconds = 3, MaxRetries = 1 }))
            Assert.Equal("dogs", (await labeler.AskAsync(new VisionImages([Png], []))).Label);
        Assert.Equal(2, server.Requests.Count);

        await using var silent = await ChatStandIn.StartAsync(_ => new StandInReply.Hang());
        using var patient = Labeler(Options(silent.Endpoint) with { TimeoutSeconds = 1, MaxRetries = 0 });
        var e = await Assert.ThrowsAsync<VisionRequestException>(() => patient.AskAsync(new VisionImages([Png], [])));
        Assert.Contains("no answer within 1 s (Autointerp:Vision:TimeoutSeconds); gave up after 1 tries", e.Message);
    }

    [Fact]
    public async Task CancellingStopsTheRequestAndIsNotRetried()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await ChatStandIn.StartAsync(_ =>
        {
            arrived.TrySetResult();
            return new StandInReply.Hang();
        });
        using var labeler = Labeler(Options(server.Endpoint) with { TimeoutSeconds = 600 });
        using var cancel = new CancellationTokenSource();

        var asking = labeler.AskAsync(new VisionImages([Png], []), cancellationToken: cancel.Token);
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => asking);
        Assert.Single(server.Requests);
        Assert.Empty(_waits);
    }

    [Fact]
    public async Task AnEndpointNobodyListensOnIsRetriedThenNamed()
    {
        string endpoint;
        await using (var gone = await ChatStandIn.StartAsync("x")) endpoint = gone.Endpoint;
        using var labeler = Labeler(Options(endpoint) with { MaxRetries = 1 });

        var e = await Assert.ThrowsAsync<VisionRequestException>(() => labeler.AskAsync(new VisionImages([Png], [])));

        Assert.Contains($"{endpoint}: the endpoint could not be reached", e.Message);
        Assert.Equal([TimeSpan.FromSeconds(1)], _waits);
    }

    [Fact]
    public void OptionsAreOffUntilAnEndpointIsSetAndCheckedWhenItIs()
    {
        Assert.False(new VisionLabelOptions().IsConfigured);
        Assert.Empty(OptionsCheck.Problems(new VisionLabelOptions()));
        Assert.Contains("Autointerp:Vision:Endpoint is not set", Assert.Throws<ArgumentException>(() => new VisionLabeler(new VisionLabelOptions())).Message);
        string Problems(VisionLabelOptions o) => string.Join(";", OptionsCheck.Problems(o));
        Assert.Contains("Autointerp:Vision:Endpoint must be an http(s) address", Problems(new VisionLabelOptions { Endpoint = "ftp://x", Model = "m" }));
        Assert.Contains("Autointerp:Vision:Model must name the chat model", Problems(new VisionLabelOptions { Endpoint = "http://127.0.0.1:1/v1" }));
        Assert.Contains("Autointerp:Vision:Model is set but Autointerp:Vision:Endpoint is not", Problems(new VisionLabelOptions { Model = "m" }));
        Assert.Contains("Autointerp:Vision:TopImages", Problems(new VisionLabelOptions { TopImages = 0 }));
        Assert.Contains($"Autointerp:Vision:ApiKeyVariable names the environment variable '{_keyVariable}', which is not set",
            Problems(Options("http://127.0.0.1:1/v1") with { ApiKeyVariable = _keyVariable }));
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}", "prompt.txt");
        Assert.Contains($"the vision prompt file '{missing}' does not exist: set Autointerp:Vision:PromptPath",
            Problems(Options("http://127.0.0.1:1/v1") with { PromptPath = missing }));
    }

    [Theory]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61 }, "image/gif")]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50 }, "image/webp")]
    [InlineData(new byte[] { 0x42, 0x4D, 0, 0 }, "image/bmp")]
    public void MediaTypesFromTheFirstBytes(byte[] bytes, string mediaType) => Assert.Equal(mediaType, ImageMediaType.Of(bytes));
}
