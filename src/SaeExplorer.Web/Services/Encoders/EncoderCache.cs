using System.Collections.Concurrent;
using Microsoft.ML.OnnxRuntime;
using SaeExplorer.Core.Encoders;

namespace SaeExplorer.Web.Services.Encoders;

/// <summary>The configured encoder when it makes vectors in a workspace's space, else why it does not.</summary>
public sealed record EncoderMatch(IImageEncoder? Encoder, string? Problem);

/// <summary>
/// One ONNX Runtime session per model file, shared by the preparation stages and every page (the encoder serialises
/// its runs), opened on first use and disposed at shutdown; beside <see cref="Sae.SaeModelCache"/>. Whatever needs an
/// encoder for a workspace asks <see cref="For"/> with the workspace's space, so vectors from another space are never
/// mixed in.
/// </summary>
public sealed class EncoderCache(EncoderOptions options, ILogger<EncoderCache> log) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<OnnxImageEncoder>> _encoders = new(StringComparer.Ordinal);

    /// <summary>The encoder named by the Encoder:* settings.</summary>
    /// <exception cref="FileNotFoundException">The model file is missing (the message names the path and the key).</exception>
    /// <exception cref="InvalidOperationException">The model does not fit the preset.</exception>
    public IImageEncoder Configured()
    {
        var path = Path.GetFullPath(options.ResolveModelPath());
        var key = $"{options.ResolvePreset().Name}|{path}";
        var entry = _encoders.GetOrAdd(key, _ => new Lazy<OnnxImageEncoder>(() =>
            OnnxImageEncoder.Open(options, message => log.LogInformation("{Message}", message))));
        try
        {
            return entry.Value;
        }
        catch
        {
            _encoders.TryRemove(new KeyValuePair<string, Lazy<OnnxImageEncoder>>(key, entry)); // a fixed file is tried again
            throw;
        }
    }

    /// <summary>The configured encoder if its vectors are in <paramref name="space"/>; otherwise the reason, in plain words.</summary>
    public EncoderMatch For(EmbeddingSpace? space)
    {
        if (space is null) return new EncoderMatch(null, "This workspace has no embeddings yet, so its embedding space is not known.");
        IImageEncoder encoder;
        try
        {
            encoder = Configured();
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidOperationException or ArgumentException or OnnxRuntimeException)
        {
            return new EncoderMatch(null, $"No image encoder is configured: {e.Message}");
        }
        return space.MismatchWith(encoder.Space) is { } problem ? new EncoderMatch(null, problem) : new EncoderMatch(encoder, null);
    }

    public void Dispose()
    {
        foreach (var entry in _encoders.Values.Where(e => e.IsValueCreated)) entry.Value.Dispose();
        _encoders.Clear();
    }
}
