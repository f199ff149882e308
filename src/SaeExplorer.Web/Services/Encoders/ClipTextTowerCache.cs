using Microsoft.ML.OnnxRuntime;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Encoders.Text;

namespace SaeExplorer.Web.Services.Encoders;

/// <summary>The CLIP text tower when it puts text in a workspace's space, else why not, in words for the page.</summary>
public sealed record TextTowerMatch(ClipTextEncoder? Encoder, string? Problem);

/// <summary>
/// The configured CLIP text tower (Encoder:TextModelPath), opened on first use and shared by every search, beside
/// <see cref="EncoderCache"/>. A file that fails to open is tried again on the next use, so fixing it needs no restart.
/// </summary>
public sealed class ClipTextTowerCache(EncoderOptions options, ILogger<ClipTextTowerCache> log) : IDisposable
{
    public const string NotConfigured = "no CLIP text tower configured (Encoder:TextModelPath)";

    private readonly Lock _gate = new();
    private ClipTextEncoder? _encoder;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.TextModelPath);

    /// <summary>The text tower if it fits <paramref name="space"/>; otherwise the reason.</summary>
    public TextTowerMatch For(EmbeddingSpace? space)
    {
        if (!IsConfigured) return new TextTowerMatch(null, NotConfigured);
        if (space is null) return new TextTowerMatch(null, "this workspace has no embeddings yet");
        if (!space.IsClip) return new TextTowerMatch(null, $"this workspace's embeddings are not CLIP ({space.Describe()})");
        ClipTextEncoder encoder;
        try
        {
            encoder = Open();
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidOperationException or InvalidDataException or OnnxRuntimeException)
        {
            return new TextTowerMatch(null, e.Message);
        }
        return encoder.Dimension == space.Dimension
            ? new TextTowerMatch(encoder, null)
            : new TextTowerMatch(null, $"the CLIP text tower gives {encoder.Dimension}-d embeddings but this workspace's are {space.Dimension}-d: it is another CLIP than the one that made them");
    }

    private ClipTextEncoder Open()
    {
        lock (_gate)
            return _encoder ??= ClipTextEncoder.Open(options, message => log.LogInformation("{Message}", message));
    }

    public void Dispose()
    {
        lock (_gate) _encoder?.Dispose();
    }
}
