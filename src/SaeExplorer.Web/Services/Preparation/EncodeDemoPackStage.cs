using Microsoft.EntityFrameworkCore;
using SaeExplorer.Core.Corpus;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Imaging;
using SaeExplorer.Data;
using SaeExplorer.Data.Corpus;

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

    public async Task RunAsync(PreparationContext context, CancellationToken ct)
    {
        var entries = CorpusManifest.Read(Path.Combine(context.CorpusPath, CorpusManifest.FileName));
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
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // A previous, interrupted run may have left rows: the stage owns the workspace's images.
        await db.CorpusImages.Where(i => i.WorkspaceId == context.WorkspaceId).ExecuteDeleteAsync(ct);
        db.CorpusImages.AddRange(outcomes.Select(o => new CorpusImage
        {
            WorkspaceId = context.WorkspaceId, ExternalId = o.Entry.Id, File = o.Entry.File,
            Category = o.Entry.Category, Subcategory = o.Entry.Subcategory, Description = o.Entry.Description,
            Width = o.Width, Height = o.Height, Hash = o.Hash ?? "", EmbeddingRow = o.Row, SkipReason = o.SkipReason,
        }));
        var ws = await db.Workspaces.SingleAsync(w => w.Id == context.WorkspaceId, ct);
        ws.EmbeddingsPath = npyPath;
        ws.EmbeddingDimension = encoder.Dimension;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        log.LogInformation("Encoded {Encoded} of {Total} demo images with {Encoder} on {Provider}.",
            outcomes.Count(o => !o.Skipped), outcomes.Count, encoder.Preset.Name, encoder.ExecutionProvider);
    }
}
