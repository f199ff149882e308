using Microsoft.EntityFrameworkCore;
using SaeExplorer.Core;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Indexing;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Data;
using SaeExplorer.Data.Features;

namespace SaeExplorer.Web.Services.Preparation;

/// <summary>
/// Stage 3: every embedding through the active SAE into the feature index (top images, quantile
/// samples, histograms, nearest features), then into the Features table. The builder checkpoints,
/// so a restart resumes where it stopped.
/// </summary>
public sealed class IndexFeaturesStage(
    IDbContextFactory<SaexDbContext> dbFactory,
    FeatureIndexOptions indexing,
    ILogger<IndexFeaturesStage> log) : IPreparationStage
{
    public string Key => "index";
    public string Title => "index features";
    public int Order => 30;

    public async Task RunAsync(PreparationContext context, CancellationToken ct)
    {
        var embeddingsPath = context.RequireEmbeddings();
        string saePath;
        int saeId;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var sae = await db.Saes.SingleOrDefaultAsync(s => s.WorkspaceId == context.WorkspaceId && s.IsActive, ct)
                ?? throw new InvalidOperationException("the workspace has no active SAE yet");
            (saeId, saePath) = (sae.Id, sae.Path);
        }

        var indexPath = context.Files.FeatureIndex;
        using var model = SaeLoader.Load(saePath);
        using var embeddings = NpyFile.Open(embeddingsPath);
        var builder = new FeatureIndexBuilder(indexing with { CheckpointPath = context.Files.FeatureIndexCheckpoint });
        var progress = new SyncProgress<IndexBuildProgress>(p => context.Report((int)p.RowsDone, (int)p.RowsTotal));
        var index = builder.Build(new SaeFeatureSource(model), embeddings, progress, ct);
        index.Save(indexPath);

        var alive = Enumerable.Range(0, index.FeatureCount).Count(f => index[f].FiringCount > 0);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await FeatureIndexStore.WriteAsync(db, saeId, index, ct);
            await db.Saes.Where(s => s.Id == saeId).ExecuteUpdateAsync(u => u.SetProperty(s => s.AliveFeatures, alive), ct);
        }
        log.LogInformation("Indexed {Features} features over {Rows} images: {Alive} fire at least once.", index.FeatureCount, index.CorpusRows, alive);
    }
}
