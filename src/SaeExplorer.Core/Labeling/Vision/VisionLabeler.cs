using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using Microsoft.Extensions.AI;
using OpenAI;

namespace SaeExplorer.Core.Labeling.Vision;

/// <summary>
/// Asks a vision-language chat model for a feature's label: one user message holding the lab's prompt, the feature's
/// top images and then the images where it is silent, each group after a heading, every image inline as a data URL
/// (the server never fetches anything). Each request is bounded by <see cref="VisionLabelOptions.TimeoutSeconds"/>
/// and tried again on 429, 5xx, a timeout or a lost connection (<see cref="VisionRetries"/>); the reply is cleaned or
/// refused by <see cref="VisionAnswer"/>. Safe to call from several tasks at once: at most
/// <see cref="VisionLabelOptions.Concurrency"/> requests are in flight, whoever asks (a run and a page's button share it).
/// </summary>
public sealed class VisionLabeler : IDisposable
{
    public const string TopHeading = "Images where the feature fires most strongly:";
    public const string ContrastHeading = "Images where the feature is silent:";

    private readonly IChatClient _client;
    private readonly VisionLabelOptions _options;
    private readonly string _prompt;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay;
    private readonly SemaphoreSlim _slots;

    /// <exception cref="ArgumentException">The options are not configured or not valid (the message names the key).</exception>
    public VisionLabeler(VisionLabelOptions options)
        : this(options, null)
    {
    }

    /// <param name="delay">Waits between tries (tests record them instead of sleeping); null is <see cref="Task.Delay(TimeSpan, CancellationToken)"/>.</param>
    internal VisionLabeler(VisionLabelOptions options, Func<TimeSpan, CancellationToken, Task>? delay)
    {
        _options = Settings.OptionsCheck.Checked(options);
        _prompt = options.ReadPrompt();
        _client = CreateClient(options);
        _delay = delay ?? Task.Delay;
        _slots = new SemaphoreSlim(options.Concurrency, options.Concurrency);
    }

    public VisionLabelOptions Options => _options;

    /// <summary>The model's answer for one feature, cleaned or refused with the reason.</summary>
    /// <param name="progress">Told about each wait before a retry, in words.</param>
    /// <exception cref="ArgumentException">No top image, or bytes that are not an image.</exception>
    /// <exception cref="VisionRequestException">The endpoint refused the request, or failed on every try.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<VisionAnswer> AskAsync(VisionImages images, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var message = Message(images);
        var chatOptions = new ChatOptions { MaxOutputTokens = _options.MaxOutputTokens, Temperature = 0f };
        for (var retry = 0; ; retry++)
        {
            string why;
            TimeSpan? retryAfter = null;
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds));
                try
                {
                    var response = await _client.GetResponseAsync([message], chatOptions, timeout.Token).ConfigureAwait(false);
                    return VisionAnswer.Read(response.Text, _options.MaxWords);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    why = $"no answer within {_options.TimeoutSeconds} s ({VisionLabelOptions.Section}:TimeoutSeconds)";
                }
                catch (ClientResultException e) when (VisionRetries.Retryable(e.Status))
                {
                    why = e.Status == 0 ? $"the endpoint could not be reached ({FirstLine(e.Message)})" : $"the endpoint answered {e.Status} ({FirstLine(e.Message)})";
                    retryAfter = VisionRetries.RetryAfter(e.GetRawResponse(), DateTimeOffset.UtcNow);
                }
                catch (ClientResultException e)
                {
                    throw new VisionRequestException($"the endpoint {_options.Endpoint} refused the request for model '{_options.Model}': {e.Status} ({FirstLine(e.Message)})", e);
                }
                catch (HttpRequestException e)
                {
                    why = $"the endpoint could not be reached ({FirstLine(e.Message)})";
                }
                finally
                {
                    _slots.Release();
                }
            }
            if (retry >= _options.MaxRetries)
                throw new VisionRequestException($"{_options.Endpoint}: {why}; gave up after {retry + 1} tries ({VisionLabelOptions.Section}:MaxRetries is {_options.MaxRetries})");
            var wait = VisionRetries.Delay(_options, retry, retryAfter);
            progress?.Report(string.Create(CultureInfo.InvariantCulture, $"{why}; trying again in {wait.TotalSeconds:0.#} s (try {retry + 2} of {_options.MaxRetries + 1})"));
            await _delay(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The user message: the prompt (with {top} and {contrast} filled in), the top images, the contrast images.</summary>
    /// <exception cref="ArgumentException">No top image, or bytes that are not an image.</exception>
    internal ChatMessage Message(VisionImages images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Top.Count == 0) throw new ArgumentException("a vision label needs at least one top image", nameof(images));
        var top = images.Top.Take(_options.TopImages).ToArray();
        var contrast = images.Contrast.Take(_options.ContrastImages).ToArray();
        var prompt = _prompt.Replace("{top}", top.Length.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{contrast}", contrast.Length.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var contents = new List<AIContent> { new TextContent(prompt), new TextContent(TopHeading) };
        contents.AddRange(top.Select((image, i) => Image(image, $"top image {i + 1}")));
        if (contrast.Length > 0)
        {
            contents.Add(new TextContent(ContrastHeading));
            contents.AddRange(contrast.Select((image, i) => Image(image, $"contrast image {i + 1}")));
        }
        return new ChatMessage(ChatRole.User, contents);
    }

    private static DataContent Image(ReadOnlyMemory<byte> bytes, string what) => new(bytes, ImageMediaType.Of(bytes.Span, what));

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    private static IChatClient CreateClient(VisionLabelOptions options)
    {
        if (!options.IsConfigured) throw new ArgumentException($"{VisionLabelOptions.Section}:Endpoint is not set: vision labels are off");
        var client = new OpenAIClient(new ApiKeyCredential(options.ApiKey()), new OpenAIClientOptions
        {
            Endpoint = new Uri(options.Endpoint!),
            NetworkTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds + 5), // our own timeout below decides
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0), // retries are ours, to honour Retry-After and report each wait
        });
        return client.GetChatClient(options.Model).AsIChatClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _slots.Dispose();
    }
}
