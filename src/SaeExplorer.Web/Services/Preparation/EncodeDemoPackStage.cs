using Microsoft.EntityFrameworkCore;
using SaeExplorer.Core.Corpus;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Imaging;
using SaeExplorer.Data;
using SaeExplorer.Data.Corpus;
using SaeExplorer.Data.Workspaces;

namespace SaeExplorer.Web.Services.Preparation;

/// <summary>Stage 1: every image of the demo pack through the configured encoder into embeddings.npy.</summary>
public sealed class EncodeDemoPackStage(
    IDbContextFactory<SaexDbContext> dbFactory,
    EncoderOptions encoderOptions,
    ImageLoader loader,
    ILogger<EncodeDemoPackStage> log) : IPreparationStage
{
    public const string EmbeddingsFile = "embeddings.npy";

    public string Key => "encode";
    public string Title => "encode the demo pack";
    public int Order => 10;
    public bool AppliesTo(Workspace workspace) => workspace.ImportedFrom is null;

    public async Task RunAsync(PreparationContext context, CancellationToken ct)
    {
        var entries = CorpusManifest.Read(Path.Combine(context.CorpusPath, CorpusManifest.FileName));
        context.ClearWorkspaceDirectory(); // new embeddings: no later stage may resume from the old ones' checkpoints
        context.Report(0, entries.Count);
        using var encoder = OnnxImageEncoder.Open(encoderOptions, message => log.LogInformation("{Message}", message));
        var npyPath = Path.Combine(context.WorkspaceDirectory, EmbeddingsFile);

        IReadOnlyList<CorpusImageOutcome> outcomes;
        using (var writer = NpyWriter.Create(npyPath, encoder.Dimension, NpyDType.Float32, withRowIds: true))
        {
            outcomes = CorpusEncoder.Encode(entries, context.CorpusPath, encoder, loader, writer, context.Report, ct);
            writer.Complete();
        }
        foreach (var skipped in outcomes.Where(o => o.Skipped))
            log.LogWarning("Skipped {File}: {Reason}", skipped.Entry.File, skipped.SkipReason);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await CorpusImageRegistry.ReplaceAsync(db, context.WorkspaceId, outcomes, context.CorpusPath, npyPath, encoder.Dimension, ct);
        log.LogInformation("Encoded {Encoded} of {Total} demo images with {Encoder} on {Provider}.",
            outcomes.Count(o => !o.Skipped), outcomes.Count, encoder.Preset.Name, encoder.ExecutionProvider);
    }
}
