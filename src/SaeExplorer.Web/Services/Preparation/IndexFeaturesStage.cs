using SaeExplorer.Core;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Indexing;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Data.Features;
using SaeExplorer.Data.Workspaces;

namespace SaeExplorer.Web.Services.Preparation;

/// <summary>
/// Stage 3: every embedding through the active SAE into the feature index (top images, quantile
/// samples, histograms, nearest features), then into the Features table. The builder checkpoints,
/// so a restart resumes where it stopped.
/// </summary>
public sealed class IndexFeaturesStage(
    WorkspaceQueries workspaces,
    FeatureIndexStore features,
    FeatureIndexOptions indexing,
    ILogger<IndexFeaturesStage> log) : IPreparationStage
{
    public string Key => "index";
    public string Title => "index features";
    public int Order => 30;

    public async Task RunAsync(PreparationContext context, CancellationToken ct)
    {
        var embeddingsPath = context.RequireEmbeddings();
        if (await workspaces.FindByIdAsync(context.WorkspaceId, ct) is not { SaeId: { } saeId, SaePath: { } saePath })
            throw new InvalidOperationException("the workspace has no active SAE yet");

        var indexPath = context.Files.FeatureIndex;
        using var model = SaeLoader.Load(saePath);
        using var embeddings = NpyFile.Open(embeddingsPath);
        var builder = new FeatureIndexBuilder(indexing with { CheckpointPath = context.Files.FeatureIndexCheckpoint });
        var progress = new SyncProgress<IndexBuildProgress>(p => context.Report((int)p.RowsDone, (int)p.RowsTotal));
        var index = builder.Build(new SaeFeatureSource(model), embeddings, progress, ct);
        index.Save(indexPath);

        var alive = await features.WriteAsync(saeId, index, ct);
        log.LogInformation("Indexed {Features} features over {Rows} images: {Alive} fire at least once.", index.FeatureCount, index.CorpusRows, alive);
    }
}
