using System.Diagnostics;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Steering;

namespace SaeExplorer.Core.Rendering.Retrieval;

/// <summary>
/// The renderer that generates nothing: the corpus rows nearest to the embedding by cosine, shown as "nearest corpus
/// images": by exact cosine (<see cref="ExactRetrieval"/>), or, for a corpus large enough to have one, through its
/// approximate index (<see cref="Approximate.NearestImageIndex"/>, the candidates rescored exactly). Row norms come from
/// the <see cref="RowNormCache"/> for a mapped .npy file, and are computed once per renderer for any other matrix.
/// </summary>
public sealed class RetrievalRenderer : IRenderer
{
    public const string RendererName = "retrieval";
    public const int DefaultTop = 8;

    private readonly IEmbeddingMatrix _corpus;
    private readonly RowNormCache? _normCache;
    private readonly RetrievalOptions _scan;
    private readonly Approximate.NearestImageIndex? _approximate;
    private readonly object _gate = new();
    private RowNorms? _norms, _centredNorms;

    /// <param name="scan">How the scan splits the work (<see cref="RetrievalOptions.BlockRows"/>, <see cref="RetrievalOptions.Threads"/>); top and exclusions come from each request.</param>
    /// <param name="approximate">The corpus's approximate index, when it is large enough to use one (not owned).</param>
    public RetrievalRenderer(IEmbeddingMatrix corpus, RowNormCache? normCache = null, RetrievalOptions? scan = null,
        Approximate.NearestImageIndex? approximate = null)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        _corpus = corpus;
        _normCache = normCache;
        _scan = scan ?? new RetrievalOptions();
        _approximate = approximate;
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
        if (request.Embedding.Length != _corpus.Columns)
            throw new ArgumentException(
                $"the embedding has {request.Embedding.Length} values; this workspace's corpus rows have {_corpus.Columns}", nameof(request));
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
            var options = _scan with { Top = parameters.Top!.Value, Exclude = request.Exclude };
            RetrievalHit[] hits = _approximate is { } index
                ? index.Nearest(request.Embedding, options.Top, centred: false, options.Exclude)
                : ExactRetrieval.Nearest(_corpus, Norms(ct), request.Embedding, options, ct);
            return new RenderResult { Renderer = Name, Parameters = parameters, Nearest = hits, Elapsed = clock.Elapsed };
        }, ct);
    }

    /// <summary>The <paramref name="top"/> nearest rows to each of <paramref name="count"/> embeddings at once
    /// (<see cref="ExactRetrieval.NearestMany"/>, on the same corpus as <see cref="RenderAsync"/>): what feature icons
    /// take, thousands of embeddings in one pass.</summary>
    /// <param name="centred">Score cos(x - mean, q - mean) with the corpus mean (<see cref="RowNorms.Centred"/>): how
    /// far an image points along q's way from the average image, rather than how much it looks like the average.</param>
    public RetrievalHit[][] NearestMany(ReadOnlySpan<float> embeddings, int count, int top, bool centred = false, CancellationToken ct = default)
    {
        if (_approximate is { } index)
            return index.NearestMany(centred ? FromMean(embeddings, count, index.Mean) : embeddings, count, top, centred, ct: ct);
        RowNorms rowNorms = Norms(ct, centred);
        if (rowNorms.Center is not { } center)
            return ExactRetrieval.NearestMany(_corpus, rowNorms, embeddings, count, _scan with { Top = top }, ct);
        // (x - c) . (q - c) / |x - c| ranks rows as (x - c) . unit(q - c), which centred norms score for the query q - c.
        return ExactRetrieval.NearestMany(_corpus, rowNorms, FromMean(embeddings, count, center), count, _scan with { Top = top }, ct);
    }

    /// <summary>Each of <paramref name="count"/> row-major embeddings less the corpus mean.</summary>
    private float[] FromMean(ReadOnlySpan<float> embeddings, int count, ReadOnlySpan<float> center)
    {
        var fromMean = embeddings.ToArray();
        int d = _corpus.Columns;
        for (int q = 0; q < count; q++)
            System.Numerics.Tensors.TensorPrimitives.Subtract(fromMean.AsSpan(q * d, d), center, fromMean.AsSpan(q * d, d));
        return fromMean;
    }

    private RowNorms Norms(CancellationToken ct, bool centred = false)
    {
        if (_corpus is NpyFile file && _normCache is not null)
            return _normCache.For(file, _scan, ct, centred);
        lock (_gate)
            return centred ? _centredNorms ??= RowNorms.Centred(_corpus, _scan, ct) : _norms ??= RowNorms.Compute(_corpus, _scan, ct);
    }
}
