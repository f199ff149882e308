using Microsoft.EntityFrameworkCore;
using SaeExplorer.Core.Corpus;

namespace SaeExplorer.Data.Corpus;

/// <summary>Records what importing made of a workspace's corpus: its images, its embeddings file and their space.</summary>
public sealed class CorpusImageStore(IDbContextFactory<SaexDbContext> dbFactory)
{
    private static readonly string[] Columns =
        ["WorkspaceId", "ExternalId", "File", "Url", "Category", "Subcategory", "Description", "Width", "Height", "Hash", "EmbeddingRow", "SkipReason"];

    /// <summary>
    /// Replaces the workspace's images with <paramref name="outcomes"/> (encoded rows and skipped items alike) and points
    /// it at its embeddings, with their counts, in one transaction: a stage that ran before and was interrupted leaves nothing behind.
    /// The images are one bulk insert: a LAION shard of a million rows would take EF change tracking many minutes and
    /// gigabytes.
    /// </summary>
    public async Task ReplaceAsync(int workspaceId, IEnumerable<CorpusImageOutcome> outcomes, string corpusPath, string embeddingsPath,
        Core.Encoders.EmbeddingSpace space, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Dialect.BeginWriteAsync(ct);
        await db.CorpusImages.Where(i => i.WorkspaceId == workspaceId).ExecuteDeleteAsync(ct);
        int images = 0, encoded = 0, skipped = 0;
        await db.Dialect.InsertRowsAsync("CorpusImages", Columns, outcomes.Select(o =>
        {
            images++;
            if (o.Row is not null) encoded++;
            if (o.SkipReason is not null) skipped++;
            return new object?[]
            {
                workspaceId, o.Entry.Id, o.Entry.File, WebUrl.OrNull(o.Entry.Source), o.Entry.Category, o.Entry.Subcategory, o.Entry.Description,
                o.Width, o.Height, o.Hash ?? "", o.Row, o.SkipReason,
            };
        }), ct);
        var ws = await db.Workspaces.SingleAsync(w => w.Id == workspaceId, ct);
        (ws.ImageCount, ws.EncodedCount, ws.SkippedCount) = (images, encoded, skipped);
        ws.CorpusPath = corpusPath;
        ws.EmbeddingsPath = embeddingsPath;
        ws.RecordSpace(space);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
