using System.Net;
using System.Text.Json;
using SaeExplorer.Core.Labeling.Vision;
using SaeExplorer.Core.Settings;

namespace SaeExplorer.Core.Tests.Labeling.Vision;

/// <summary>The vision labeler against a local chat-completions stand-in: images go as data URLs, the answer comes back cleaned.</summary>
public class VisionLabelerTests
{
    private static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 9, 8, 7, 6];

    private static VisionLabelOptions Options(string endpoint, int maxImages = 8) => new()
    {
        Enabled = true, Endpoint = endpoint, Model = "llava-test", ApiKey = "sk-local", MaxImages = maxImages, TimeoutSeconds = 10,
    };

    [Fact]
    public async Task TheRequestCarriesThePromptAndEveryImageAsADataUrl()
    {
        using var server = new ChatCompletionsStandIn("\"Red fish.\"\nThey are all red fish.");
        using var labeler = new VisionLabeler(Options(server.Endpoint));

        var label = await labeler.LabelAsync([Png, Jpeg]);

        Assert.Equal("Red fish", label);
        var (path, authorization, body) = Assert.Single(server.Requests);
        Assert.Equal("/v1/chat/completions", path);
        Assert.Equal("Bearer sk-local", authorization);
        var root = body.RootElement;
        Assert.Equal("llava-test", root.GetProperty("model").GetString());
        var message = Assert.Single(root.GetProperty("messages").EnumerateArray().ToArray());
        Assert.Equal("user", message.GetProperty("role").GetString());
        var parts = message.GetProperty("content").EnumerateArray().ToArray();
        Assert.Equal(3, parts.Length);
        Assert.Equal("text", parts[0].GetProperty("type").GetString());
        Assert.Equal(new VisionLabelOptions().Prompt, parts[0].GetProperty("text").GetString());
        Assert.Equal(["image_url", "image_url"], parts[1..].Select(p => p.GetProperty("type").GetString()));
        Assert.Equal("data:image/png;base64," + Convert.ToBase64String(Png), parts[1].GetProperty("image_url").GetProperty("url").GetString());
        Assert.Equal("data:image/jpeg;base64," + Convert.ToBase64String(Jpeg), parts[2].GetProperty("image_url").GetProperty("url").GetString());
    }

    [Fact]
    public async Task OnlyTheFirstMaxImagesAreSent()
    {
        using var server = new ChatCompletionsStandIn("Label: boats");
        using var labeler = new VisionLabeler(Options(server.Endpoint, maxImages: 1));

        Assert.Equal("boats", await labeler.LabelAsync([Jpeg, Png, Png]));
        var parts = server.Requests.Single().Body.RootElement.GetProperty("messages")[0].GetProperty("content").EnumerateArray().ToArray();
        Assert.Equal(2, parts.Length);
        Assert.StartsWith("data:image/jpeg;base64,", parts[1].GetProperty("image_url").GetProperty("url").GetString());
    }

    [Fact]
    public async Task BadImagesAndEmptyAnswersAreClearErrors()
    {
        using var server = new ChatCompletionsStandIn("  \"\" ");
        using var labeler = new VisionLabeler(Options(server.Endpoint));

        Assert.Contains("image 2 is not a PNG, JPEG, GIF, WebP or BMP file",
            (await Assert.ThrowsAsync<ArgumentException>(() => labeler.LabelAsync([Png, "hello"u8.ToArray()]))).Message);
        Assert.Contains("at least one image", (await Assert.ThrowsAsync<ArgumentException>(() => labeler.LabelAsync([]))).Message);
        Assert.Empty(server.Requests); // nothing was sent for bad input
        Assert.Contains("answered with no label", (await Assert.ThrowsAsync<InvalidDataException>(() => labeler.LabelAsync([Png]))).Message);
    }

    [Fact]
    public void OptionsAreOffByDefaultAndCheckedWhenOn()
    {
        Assert.False(new VisionLabelOptions().Enabled);
        Assert.Empty(OptionsCheck.Problems(new VisionLabelOptions()));
        Assert.Contains("Autointerp:Vision:Enabled is false", Assert.Throws<ArgumentException>(() => new VisionLabeler(new VisionLabelOptions())).Message);
        Assert.Contains("Autointerp:Vision:Endpoint must be an http(s) address",
            string.Join(";", OptionsCheck.Problems(new VisionLabelOptions { Enabled = true, Endpoint = "ftp://x", Model = "m" })));
        Assert.Contains("Autointerp:Vision:Model must name the chat model",
            string.Join(";", OptionsCheck.Problems(new VisionLabelOptions { Enabled = true, Endpoint = "http://127.0.0.1:1/v1" })));
        Assert.Contains("Autointerp:Vision:MaxImages",
            string.Join(";", OptionsCheck.Problems(new VisionLabelOptions { MaxImages = 0 })));
    }

    [Theory]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61 }, "image/gif")]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50 }, "image/webp")]
    [InlineData(new byte[] { 0x42, 0x4D, 0, 0 }, "image/bmp")]
    public void MediaTypesFromTheFirstBytes(byte[] bytes, string mediaType) => Assert.Equal(mediaType, ImageMediaType.Of(bytes));

    [Fact]
    public async Task AServerErrorIsAnException()
    {
        using var server = new ChatCompletionsStandIn("", HttpStatusCode.BadRequest);
        using var labeler = new VisionLabeler(Options(server.Endpoint));
        var e = await Assert.ThrowsAnyAsync<Exception>(() => labeler.LabelAsync([Png]));
        Assert.Contains("model not loaded", e.Message);
    }
}
