using System.ClientModel;
using Microsoft.Extensions.AI;
using OpenAI;

namespace SaeExplorer.Core.Labeling.Vision;

/// <summary>
/// Asks a vision-language chat model for a short label of a feature from its top images, sent inline as data URLs (the
/// server never fetches anything). The answer is a candidate label: score it like any other with <see cref="FeatureNamer.Score"/>.
/// </summary>
public sealed class VisionLabeler : IDisposable
{
    private readonly IChatClient _client;
    private readonly VisionLabelOptions _options;
    private readonly bool _ownsClient;

    /// <exception cref="ArgumentException">The options are off or incomplete.</exception>
    public VisionLabeler(VisionLabelOptions options)
        : this(CreateClient(options), options)
    {
        _ownsClient = true;
    }

    /// <summary>Over any chat client (the caller's pipeline, a test double), which stays the caller's to dispose.</summary>
    public VisionLabeler(IChatClient client, VisionLabelOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        _options = Settings.OptionsCheck.Checked(options);
        _client = client;
    }

    /// <summary>A label for the images (the first <see cref="VisionLabelOptions.MaxImages"/> of them), trimmed to one line.</summary>
    /// <exception cref="ArgumentException">No images, or one that is not an image.</exception>
    /// <exception cref="InvalidDataException">The model answered with no text.</exception>
    public async Task<string> LabelAsync(IReadOnlyList<ReadOnlyMemory<byte>> images, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0) throw new ArgumentException("a vision label needs at least one image", nameof(images));
        var contents = new List<AIContent> { new TextContent(_options.Prompt) };
        foreach (var (image, i) in images.Take(_options.MaxImages).Select((m, i) => (m, i)))
            contents.Add(new DataContent(image, ImageMediaType.Of(image.Span, $"image {i + 1}")));
        var response = await _client.GetResponseAsync(
            [new ChatMessage(ChatRole.User, contents)],
            new ChatOptions { MaxOutputTokens = _options.MaxOutputTokens, Temperature = 0f },
            cancellationToken).ConfigureAwait(false);
        var label = Clean(response.Text);
        return label.Length > 0 ? label : throw new InvalidDataException($"the model '{_options.Model}' answered with no label");
    }

    /// <summary>First line, without surrounding quotes, a "Label:" prefix or a final full stop.</summary>
    internal static string Clean(string? text)
    {
        var line = (text ?? "").Trim().Split('\n', 2)[0].Trim();
        if (line.StartsWith("label:", StringComparison.OrdinalIgnoreCase)) line = line[6..].Trim();
        return line.Trim('"', '\'', '*', '`', ' ').TrimEnd('.').Trim();
    }

    private static IChatClient CreateClient(VisionLabelOptions options)
    {
        Settings.OptionsCheck.Checked(options);
        if (!options.Enabled) throw new ArgumentException($"{VisionLabelOptions.Section}:Enabled is false: vision labels are off");
        var client = new OpenAIClient(
            new ApiKeyCredential(string.IsNullOrEmpty(options.ApiKey) ? "unused" : options.ApiKey),
            new OpenAIClientOptions { Endpoint = new Uri(options.Endpoint!), NetworkTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds) });
        return client.GetChatClient(options.Model).AsIChatClient();
    }

    public void Dispose()
    {
        if (_ownsClient) _client.Dispose();
    }
}
