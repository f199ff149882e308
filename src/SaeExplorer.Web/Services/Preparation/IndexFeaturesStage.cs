using SaeExplorer.Core;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Indexing;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Data.Features;
using SaeExplorer.Data.Workspaces;

namespace SaeExplorer.Web.Services.Preparation;

/// <summary>
/// An SAE stage: every embedding through the SAE into the feature index (top images, quantile samples, histograms,
/// nearest features), then into the Features table. The builder checkpoints (recording the SAE's fingerprint), so a
/// restart resumes where it stopped; a checkpoint left by other weights at this SAE's place is dropped and the build
/// starts over. An SAE imported with an index built elsewhere takes that one (checked by the load stage) instead.
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
    public StageScope Scope => StageScope.Sae;

    public async Task RunAsync(PreparationContext context, CancellationToken ct)
    {
        var target = context.RequireSae();
        var embeddingsPath = context.RequireEmbeddings();
        if (await workspaces.FindByIdAsync(context.WorkspaceId, target.Id, ct) is not { SaeId: { } saeId, SaePath: { } saePath, SaeFingerprint: var fingerprint } sae
            || saeId != target.Id)
            throw new InvalidOperationException($"SAE '{target.Name}' is not loaded yet");

        var indexPath = target.Files.FeatureIndex;
        FeatureIndex index;
        if (target.IndexSource is not null)
        {
            index = FeatureIndex.Load(indexPath);
            if (index.SaeFingerprint != fingerprint)
                throw new InvalidDataException($"{indexPath} was built from the SAE with weights {index.SaeFingerprint}, not {saePath} ({fingerprint})");
            log.LogInformation("SAE {Sae}: the index built elsewhere ({Source}) is taken; nothing to build.", target.Name, target.IndexSource);
        }
        else
        {
            using var model = SaeLoader.Load(saePath, sae.SaeFormat);
            using var embeddings = NpyFile.Open(embeddingsPath);
            var options = indexing with { CheckpointPath = target.Files.FeatureIndexCheckpoint, SaeFingerprint = fingerprint };
            var progress = new SyncProgress<IndexBuildProgress>(p => context.Report((int)p.RowsDone, (int)p.RowsTotal));
            try
            {
                index = new FeatureIndexBuilder(options).Build(new SaeFeatureSource(model), embeddings, progress, ct);
            }
            catch (IndexCheckpointMismatchException e)
            {
                // This SAE's folder is this stage's own: what another build left there is of no use to it.
                log.LogWarning("SAE {Sae}: {Reason} Starting over.", target.Name, e.Message);
                foreach (var stale in new[] { options.CheckpointPath, FeatureIndexBuilder.NeighboursCheckpointPath(options.CheckpointPath) }.Where(File.Exists))
                    File.Delete(stale);
                index = new FeatureIndexBuilder(options).Build(new SaeFeatureSource(model), embeddings, progress, ct);
            }
            index.Save(indexPath);
        }

        var alive = await features.WriteAsync(saeId, index, ct);
        log.LogInformation("SAE {Sae}: indexed {Features} features over {Rows} images: {Alive} fire at least once.",
            target.Name, index.FeatureCount, index.CorpusRows, alive);
    }
}
