using Microsoft.Extensions.Caching.Memory;
using SaeExplorer.Core.Grouping;
using SaeExplorer.Core.Sae.Model;
using SaeExplorer.Data.Corpus;
using SaeExplorer.Data.Features;
using SaeExplorer.Data.Uploads;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Services.Sae;

namespace SaeExplorer.Web.Services.Grouping;

/// <summary>
/// Takes an image of a workspace apart: finds it (corpus image or upload), encodes its embedding with the active SAE,
/// and runs the iterated-grouping sweep. Sweeps are kept a while per (SAE file, image, kmax, restarts): a new tau only
/// re-judges the same groups, and moving between k, tau presets or group cards never clusters again.
/// </summary>
public sealed class ImageInspector(ImageQueries images, UploadStore uploads, SaeModelCache models, IMemoryCache cache)
{
    private static readonly TimeSpan Keep = TimeSpan.FromMinutes(20);

    /// <summary>The image by key (corpus id, or "u/" + upload hash); null when the workspace has no such image.</summary>
    public async Task<InspectedImage?> FindAsync(WorkspaceContext workspace, string key, CancellationToken ct = default)
    {
        if (ImageKey.UploadHash(key) is { } hash)
        {
            if (await uploads.FindAsync(workspace.WorkspaceId, hash, ct) is not { } upload) return null;
            return new InspectedImage(new ImageRef(null, key, upload.FileName, "upload", null), FeatureBlobs.Unpack<float>(upload.Embedding), null,
                upload.CreatedAt);
        }
        if (await images.FindAsync(workspace.WorkspaceId, key, ct) is not { } found) return null;
        if (found.Image.Row is not { } row)
            return new InspectedImage(found.Image, null, $"This image was not encoded: {found.SkipReason ?? "it has no embedding"}.");
        if (workspace.EmbeddingsPath is null)
            return new InspectedImage(found.Image, null, "The workspace has no embeddings yet: its images are listed, but none has been encoded.");
        return new InspectedImage(found.Image, models.Embedding(workspace, row), null);
    }

    /// <summary>The image's SAE code, strongest features first.</summary>
    public SparseCode Encode(WorkspaceContext workspace, float[] embedding) => models.Sae(workspace).EncodeSparse(embedding);

    /// <summary>The whole sweep for the image under the settings (tau applied to the kept clusters).</summary>
    public GroupingSweep Sweep(WorkspaceContext workspace, string key, SparseCode code, GroupingSettings settings)
    {
        var sae = models.Sae(workspace);
        var cacheKey = ("sweep", workspace.SaePath, models.Fingerprint(workspace), key, settings.KMax, settings.Restarts);
        var sweep = cache.GetOrCreate(cacheKey, entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Keep;
            return IteratedGrouping.Sweep(code, new SaeDecoderRows(sae), settings.Options);
        })!;
        return sweep.WithTau(settings.Tau);
    }

    /// <summary>The decoder rows of the workspace's SAE (group directions, centroids).</summary>
    public IDecoderRows DecoderRows(WorkspaceContext workspace) => new SaeDecoderRows(models.Sae(workspace));
}
