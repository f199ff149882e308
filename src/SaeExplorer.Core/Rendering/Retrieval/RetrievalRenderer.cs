using System.Diagnostics;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Steering;

namespace SaeExplorer.Core.Rendering.Retrieval;

/// <summary>
/// The renderer that generates nothing: the corpus rows nearest to the embedding by exact cosine
/// (<see cref="ExactRetrieval"/>), shown as "nearest corpus images". Row norms come from the <see cref="RowNormCache"/>
/// for a mapped .npy file, and are computed once per renderer for any other matrix.
/// </summary>
public sealed class RetrievalRenderer : IRenderer
{
    public const string RendererName = "retrieval";
    public const int DefaultTop = 8;

    private readonly IEmbeddingMatrix corpus;
    private readonly RowNormCache? normCache;
    private readonly RetrievalOptions scan;
    private readonly object gate = new();
    private RowNorms? norms;

    /// <param name="scan">How the scan splits the work (<see cref="RetrievalOptions.BlockRows"/>, <see cref="RetrievalOptions.Threads"/>); top and exclusions come from each request.</param>
    public RetrievalRenderer(IEmbeddingMatrix corpus, RowNormCache? normCache = null, RetrievalOptions? scan = null)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        this.corpus = corpus;
        this.normCache = normCache;
        this.scan = scan ?? new RetrievalOptions();
        // A file is known by its path and the write time it was opened with; any other matrix only by this renderer.
        Source = corpus is NpyFile file
            ? $"{System.IO.Path.GetFullPath(file.Path)}|{file.LastWriteTimeUtc.Ticks}|{file.Rows}x{file.Columns}|{file.DType}"
            : $"matrix:{Guid.NewGuid():N}";
    }

    public string Name => RendererName;

    public string Source { get; }

    public string Device => "cpu";

    public RenderParameters Resolve(RenderRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Embedding, nameof(request.Embedding));
        if (request.Embedding.Length != corpus.Columns)
            throw new ArgumentException(
                $"the embedding has {request.Embedding.Length} values; this workspace's corpus rows have {corpus.Columns}", nameof(request));
        int top = request.Parameters.Top ?? DefaultTop;
        if (top < 1)
            throw new ArgumentException($"Top must be at least 1, was {top}", nameof(request));
        return new RenderParameters { Top = top };
    }

    public Task<RenderResult> RenderAsync(RenderRequest request)
    {
        RenderParameters parameters = Resolve(request);
        CancellationToken ct = request.CancellationToken;
        return Task.Run(() =>
        {
            var clock = Stopwatch.StartNew();
            var options = scan with { Top = parameters.Top!.Value, Exclude = request.Exclude };
            RetrievalHit[] hits = ExactRetrieval.Nearest(corpus, Norms(ct), request.Embedding, options, ct);
            return new RenderResult { Renderer = Name, Parameters = parameters, Nearest = hits, Elapsed = clock.Elapsed };
        }, ct);
    }

    private RowNorms Norms(CancellationToken ct)
    {
        if (corpus is NpyFile file && normCache is not null)
            return normCache.For(file, scan, ct);
        lock (gate)
            return norms ??= RowNorms.Compute(corpus, scan, ct);
    }
}
