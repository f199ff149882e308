using System.ComponentModel.DataAnnotations;

namespace SaeExplorer.Core.Labeling.Vision;

/// <summary>
/// The paper's labeller (Daujotas, "Case Study: Interpreting, Manipulating, and Controlling CLIP With Sparse
/// Autoencoders", 2024): a vision-language model behind an OpenAI-compatible chat endpoint (vLLM, llama.cpp's server,
/// Ollama) is shown a feature's top images and a few where it is silent, and asked for a short label
/// ("Autointerp:Vision"). Off until <see cref="Endpoint"/> is set: nothing is sent anywhere before. The API key is
/// never in appsettings: <see cref="ApiKeyVariable"/> names the environment variable that holds it.
/// </summary>
public sealed record VisionLabelOptions : Settings.ISectionOptions, Settings.ISelfCheckingOptions
{
    public static string Section => "Autointerp:Vision";

    /// <summary>The prompt shipped beside the app (a copy of Labeling/Vision/vision-label-prompt.txt).</summary>
    public static string DefaultPromptPath => Path.Combine(AppContext.BaseDirectory, "prompts", "vision-label.txt");

    /// <summary>The API's base address, e.g. http://gpu-box:8000/v1 (the client adds /chat/completions); null: off.</summary>
    public string? Endpoint { get; init; }

    /// <summary>The chat model's name as the endpoint knows it, e.g. Qwen/Qwen2-VL-2B-Instruct.</summary>
    public string? Model { get; init; }

    /// <summary>The environment variable holding the bearer token; null sends a placeholder (local servers check none).</summary>
    public string? ApiKeyVariable { get; init; }

    /// <summary>The prompt file labs edit; null is <see cref="DefaultPromptPath"/>.</summary>
    public string? PromptPath { get; init; }

    /// <summary>Top activating training images shown per feature.</summary>
    [Range(1, 32)]
    public int TopImages { get; init; } = 8;

    /// <summary>Training images where the feature is silent, shown after the top ones for contrast.</summary>
    [Range(0, 16)]
    public int ContrastImages { get; init; } = 4;

    /// <summary>Longest side of the JPEG thumbnails sent, in pixels (the web app sends its tile thumbnails, snapped to 96, 160 or 320).</summary>
    [Range(32, 1024)]
    public int ImageSize { get; init; } = 320;

    [Range(1, 512)]
    public int MaxOutputTokens { get; init; } = 24;

    /// <summary>An answer of more words than this is refused as too long.</summary>
    [Range(1, 20)]
    public int MaxWords { get; init; } = 6;

    /// <summary>Requests in flight at once.</summary>
    [Range(1, 64)]
    public int Concurrency { get; init; } = 2;

    /// <summary>One request's limit; a request that runs past it is tried again like a 5xx.</summary>
    [Range(1, 3600)]
    public int TimeoutSeconds { get; init; } = 60;

    /// <summary>Tries after the first on 429, 5xx, a timeout or a lost connection; then the run stops with the reason.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; init; } = 4;

    /// <summary>The first wait of the exponential backoff (doubled on each retry) when the server names none (Retry-After).</summary>
    [Range(0.01, 600.0)]
    public double RetryBaseSeconds { get; init; } = 1;

    /// <summary>The longest wait between tries, Retry-After included.</summary>
    [Range(1, 3600)]
    public int MaxRetryDelaySeconds { get; init; } = 60;

    /// <summary>Features asked about in one run (the preparation stage's or the CLI's); the next run goes on from there.</summary>
    [Range(1, 10_000_000)]
    public int MaxFeaturesPerRun { get; init; } = 1000;

    /// <summary>Whether workspace preparation runs the vision stage once an endpoint is set (the button and the CLI work either way).</summary>
    public bool InPreparation { get; init; } = true;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Endpoint);

    public string ResolvePromptPath() => string.IsNullOrWhiteSpace(PromptPath) ? DefaultPromptPath : Path.GetFullPath(PromptPath);

    /// <summary>The bearer token: the named variable's value, or a placeholder when none is named.</summary>
    /// <exception cref="ArgumentException">The named variable is not set.</exception>
    public string ApiKey()
    {
        if (string.IsNullOrWhiteSpace(ApiKeyVariable)) return "unused";
        var key = Environment.GetEnvironmentVariable(ApiKeyVariable);
        return string.IsNullOrEmpty(key)
            ? throw new ArgumentException($"{Section}:ApiKeyVariable names the environment variable '{ApiKeyVariable}', which is not set: set it to the endpoint's API key, or remove the setting for a server that checks none")
            : key;
    }

    /// <summary>The prompt file's text.</summary>
    /// <exception cref="FileNotFoundException">The file is missing (the message names the path and the key).</exception>
    /// <exception cref="InvalidDataException">The file is empty.</exception>
    public string ReadPrompt()
    {
        var path = ResolvePromptPath();
        if (!File.Exists(path))
            throw new FileNotFoundException($"the vision prompt file '{path}' does not exist: set {Section}:PromptPath to a text file (the default copy is prompts/vision-label.txt beside the app)", path);
        var text = File.ReadAllText(path).Trim();
        return text.Length > 0 ? text : throw new InvalidDataException($"the vision prompt file '{path}' ({Section}:PromptPath) is empty");
    }

    public void Validate()
    {
        if (!IsConfigured)
        {
            if (!string.IsNullOrWhiteSpace(Model)) throw new ArgumentException($"{Section}:Model is set but {Section}:Endpoint is not: name the endpoint too, or remove both");
            return;
        }
        if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ArgumentException($"{Section}:Endpoint must be an http(s) address such as http://gpu-box:8000/v1, got '{Endpoint}'");
        if (string.IsNullOrWhiteSpace(Model))
            throw new ArgumentException($"{Section}:Model must name the chat model when {Section}:Endpoint is set");
        ApiKey();
        try
        {
            ReadPrompt();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new ArgumentException(e.Message, e);
        }
    }
}
