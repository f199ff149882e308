using System.ComponentModel.DataAnnotations;

namespace SaeExplorer.Core.Labeling.Vision;

/// <summary>
/// Labels from a vision-language model behind an OpenAI-compatible chat-completions endpoint ("Autointerp:Vision").
/// Off by default: nothing is sent anywhere unless <see cref="Enabled"/> is set and an endpoint is named.
/// </summary>
public sealed record VisionLabelOptions : Settings.ISectionOptions, Settings.ISelfCheckingOptions
{
    public static string Section => "Autointerp:Vision";

    public bool Enabled { get; init; }

    /// <summary>The API's base address, e.g. http://gpu-box:8000/v1 (the client adds /chat/completions).</summary>
    public string? Endpoint { get; init; }

    /// <summary>The chat model's name as the endpoint knows it.</summary>
    public string? Model { get; init; }

    /// <summary>Sent as the bearer token; local servers that check none accept any value, so it may be left empty.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Top images sent per feature.</summary>
    [Range(1, 64)]
    public int MaxImages { get; init; } = 8;

    [Range(1, 512)]
    public int MaxOutputTokens { get; init; } = 16;

    [Range(1, 3600)]
    public int TimeoutSeconds { get; init; } = 60;

    public string Prompt { get; init; } =
        "All of these images strongly activate one feature of a sparse autoencoder. " +
        "Reply with a short label (at most five words) for what they have in common, and nothing else.";

    public void Validate()
    {
        if (!Enabled) return;
        if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ArgumentException($"{Section}:Endpoint must be an http(s) address when {Section}:Enabled is true, got '{Endpoint}'");
        if (string.IsNullOrWhiteSpace(Model))
            throw new ArgumentException($"{Section}:Model must name the chat model when {Section}:Enabled is true");
        if (string.IsNullOrWhiteSpace(Prompt)) throw new ArgumentException($"{Section}:Prompt must not be empty");
    }
}
