using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Rendering;
using SaeExplorer.Data.Corpus;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Services.Grouping;
using SaeExplorer.Web.Services.Rendering;

namespace SaeExplorer.Web.Services.Steering;

/// <summary>
/// An image page's renders (the image as it is, and steered) through the circuit's <see cref="RenderSession"/>: one
/// slot per pane, so a slider's newer render supersedes the one still running. Retrieval leaves the image's own
/// corpus row out, so the panes show what else the embedding is near rather than the image itself.
/// </summary>
public sealed class SteeringRenders(RenderSession session, ImageQueries images)
{
    public const string BeforeSlot = "steer-before";
    public const string AfterSlot = "steer-after";

    public async Task<RenderView> RenderAsync(string slot, WorkspaceContext workspace, InspectedImage image, float[] embedding,
        Action<RenderProgress> progress, CancellationToken ct = default)
    {
        var request = new RenderRequest
        {
            Embedding = embedding,
            Space = workspace.Space ?? EmbeddingSpace.Unknown(embedding.Length),
            Exclude = image.Image.Row is { } row ? [row] : [],
            CancellationToken = ct,
        };
        var outcome = await session.RenderAsync(slot, workspace, request, new Progress<RenderProgress>(progress));
        var rows = outcome.Result?.Nearest.Select(h => h.Row).ToList() ?? [];
        var named = rows.Count == 0 ? new Dictionary<int, ImageRef>() : await images.ByRowsAsync(workspace.WorkspaceId, rows, CancellationToken.None);
        return new RenderView(null, outcome, named);
    }

    public void Cancel(string slot) => session.Cancel(slot);
}
