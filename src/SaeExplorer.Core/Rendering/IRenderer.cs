using SaeExplorer.Core.Steering;

namespace SaeExplorer.Core.Rendering;

/// <summary>
/// Turns an embedding into a <see cref="RenderResult"/>: a picture (Kandinsky 2.2) or the nearest corpus rows
/// (retrieval). The render service queues renders by <see cref="Device"/> and caches them by <see cref="Name"/>,
/// <see cref="Source"/>, the <see cref="Resolve"/>d parameters and the embedding.
/// </summary>
public interface IRenderer
{
    /// <summary>"retrieval" or "kandinsky": which renderer made a result, shown on every page.</summary>
    string Name { get; }

    /// <summary>What the output depends on besides the request (the corpus file as written; the graph files), so a
    /// cached result never outlives the files it came from.</summary>
    string Source { get; }

    /// <summary>The queue it runs on: one worker per device ("cpu" for retrieval, the GPU for Kandinsky).</summary>
    string Device { get; }

    /// <summary>The parameters this renderer reads, with its defaults and caps applied and the others null: what the
    /// result reports and the cache keys on.</summary>
    /// <exception cref="ArgumentException">A value it cannot render; the message names it.</exception>
    /// <exception cref="InvalidOperationException">The request's embedding space is not one it renders.</exception>
    RenderParameters Resolve(RenderRequest request);

    /// <summary>Renders off the caller's thread, reporting <see cref="RenderStage.Step"/> progress to
    /// <see cref="RenderRequest.Progress"/>.</summary>
    /// <exception cref="OperationCanceledException"><see cref="RenderRequest.CancellationToken"/> fired (checked per step).</exception>
    Task<RenderResult> RenderAsync(RenderRequest request);
}
