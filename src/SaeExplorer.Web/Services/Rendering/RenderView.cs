using SaeExplorer.Core.Rendering;
using SaeExplorer.Data.Corpus;

namespace SaeExplorer.Web.Services.Rendering;

/// <summary>What a before/after pane shows: a render on its way (with its progress), its outcome, and the corpus
/// images a retrieval result names.</summary>
public sealed record RenderView(RenderProgress? Progress, RenderOutcome? Outcome, IReadOnlyDictionary<int, ImageRef> Images)
{
    public static RenderView Idle { get; } = new(null, null, new Dictionary<int, ImageRef>());

    public static RenderView Queued { get; } = new(new RenderProgress(RenderStage.Queued), null, new Dictionary<int, ImageRef>());

    public bool Busy => Outcome is null && Progress is not null;

    public RenderResult? Result => Outcome?.Result;
}
