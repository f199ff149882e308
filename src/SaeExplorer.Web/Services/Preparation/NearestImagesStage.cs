using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Progress;
using SaeExplorer.Core.Rendering.Retrieval.Approximate;

namespace SaeExplorer.Web.Services.Preparation;

/// <summary>
/// A workspace stage, after the import: the approximate nearest-image index (USearch HNSW over the float16 rows, cosine from the
/// corpus mean) for a corpus of at least <see cref="NearestImagesOptions.ApproximateFromRows"/> rows, saved beside the
/// workspace's files, so steering renders, group neighbours and icons stay fast at a million rows. Smaller corpora keep
/// exact retrieval and the stage does nothing. The build checkpoints, so a restart resumes it.
/// </summary>
public sealed class NearestImagesStage(NearestImagesOptions options, ILogger<NearestImagesStage> log) : IPreparationStage
{
    public string Key => "nearest-images";
    public string Title => "index nearest images";
    public int Order => 35;
    public StageScope Scope => StageScope.Workspace;

    public Task RunAsync(PreparationContext context, CancellationToken ct)
    {
        using var corpus = NpyFile.Open(context.RequireEmbeddings());
        var path = context.Files.NearestImages;
        if (corpus.Rows < options.ApproximateFromRows)
        {
            foreach (var stale in new[] { path, NearestImageIndex.MeanPath(path) }.Where(File.Exists)) File.Delete(stale);
            log.LogInformation("{Rows} rows: below NearestImages:ApproximateFromRows ({Threshold}), nearest images stay exact.", corpus.Rows, options.ApproximateFromRows);
            return Task.CompletedTask;
        }
        NearestImageIndexBuilder.Build(corpus, path, options,
            new Core.SyncProgress<WorkProgress>(p => context.Report((int)p.Done, (int)p.Total)), ct);
        log.LogInformation("Nearest-image index of {Rows} rows written to {Path}.", corpus.Rows, path);
        return Task.CompletedTask;
    }
}
