using System.Collections.Concurrent;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Rendering;
using SaeExplorer.Core.Rendering.Kandinsky;
using SaeExplorer.Core.Rendering.Retrieval;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Services.Encoders;
using SaeExplorer.Web.Services.Sae;

namespace SaeExplorer.Web.Services.Rendering;

/// <summary>The renderer for a workspace, and when it is not the configured one, why (<see cref="RenderOutcome.Note"/>).</summary>
public sealed record RendererSelection(IRenderer Renderer, string? Note = null);

/// <summary>Where <see cref="RenderSession"/> gets its renderer (tests give their own).</summary>
public interface IRendererSource
{
    ValueTask<RendererSelection> ForAsync(WorkspaceContext workspace, CancellationToken ct = default);
}

/// <summary>
/// Render:Renderer applied to a workspace. Retrieval renders any workspace. Kandinsky needs the workspace's space to
/// be CLIP ViT-bigG/14 1280-d, its graph files (opened once; a failed open is tried again only once a file changes) and
/// the negative embedding, the workspace encoder's EncodeZeroInput (computed once per encoder); short of any of them
/// the workspace gets retrieval and the note "generator not configured: &lt;reason&gt;".
/// </summary>
public sealed class RendererChoice(
    RenderOptions options, KandinskyOptions kandinsky, SaeModelCache models, RowNormCache norms, NearestImageIndexes approximate,
    EncoderCache encoders, ILogger<RendererChoice> log) : IRendererSource, IDisposable
{
    private readonly object _gate = new();
    private readonly ConcurrentDictionary<IImageEncoder, Lazy<float[]>> _negatives = new(ReferenceEqualityComparer.Instance);
    private KandinskyDecoder? _decoder;
    private (string Files, string Problem)? _failedOpen;

    public async ValueTask<RendererSelection> ForAsync(WorkspaceContext workspace, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (options.Renderer != RenderOptions.Kandinsky)
            return new RendererSelection(Retrieval(workspace));
        // Opening the graphs or running the encoder once can take seconds: not on the page's thread.
        var (generator, problem) = await Task.Run(() => Kandinsky(workspace), ct).ConfigureAwait(false);
        return generator is not null ? new RendererSelection(generator) : new RendererSelection(Retrieval(workspace), problem);
    }

    private RetrievalRenderer Retrieval(WorkspaceContext workspace) =>
        new(models.Embeddings(workspace), norms, approximate: approximate.For(workspace));

    private (KandinskyRenderer? Renderer, string? Problem) Kandinsky(WorkspaceContext workspace)
    {
        if (KandinskyRenderer.Unsupported(workspace.Space) is { } unsupported)
            return (null, unsupported);
        if (Decoder(out string? closed) is not { } opened)
            return (null, closed);
        EncoderMatch match = encoders.For(workspace.Space);
        if (match.Encoder is not OnnxImageEncoder encoder)
            return (null, $"{KandinskyRenderer.NotConfigured}: the negative embedding needs the workspace's image encoder. " +
                          (match.Problem ?? "The configured encoder cannot encode an all-zero input."));
        float[] negative = _negatives.GetOrAdd(encoder, e => new Lazy<float[]>(((OnnxImageEncoder)e).EncodeZeroInput)).Value;
        return (new KandinskyRenderer(opened, negative), null);
    }

    private KandinskyDecoder? Decoder(out string? problem)
    {
        lock (_gate)
        {
            problem = null;
            if (_decoder is not null) return _decoder;
            string files = FileStamps();
            if (_failedOpen is { } failed && failed.Files == files)
            {
                problem = failed.Problem;
                return null;
            }
            _decoder = KandinskyRenderer.TryOpen(kandinsky, message => log.LogInformation("{Message}", message), out problem);
            if (_decoder is null)
            {
                _failedOpen = (files, problem!);
                log.LogWarning("Render:Renderer is kandinsky but {Problem}; rendering with retrieval", problem);
            }
            return _decoder;
        }
    }

    private string FileStamps() => string.Join('|',
        new[] { kandinsky.UnetPath, kandinsky.MovqDecoderPath, kandinsky.MovqEncoderPath }.Select(path =>
            string.IsNullOrWhiteSpace(path) ? "-" : File.Exists(path) ? $"{path}@{File.GetLastWriteTimeUtc(path).Ticks}" : $"{path}@missing"));

    public void Dispose()
    {
        lock (_gate)
        {
            _decoder?.Dispose();
            _decoder = null;
        }
    }
}
