using Microsoft.EntityFrameworkCore;
using SaeExplorer.Core.Corpus;

namespace SaeExplorer.Data.Corpus;

/// <summary>Records what encoding or importing made of a workspace's corpus: its images and its embeddings file.</summary>
public static class CorpusImageRegistry
{
    /// <summary>
    /// Replaces the workspace's images with <paramref name="outcomes"/> (encoded rows and skipped items alike) and points
    /// it at its embeddings, in one transaction: a stage that ran before and was interrupted leaves nothing behind.
    /// </summary>
    public static async Task ReplaceAsync(SaexDbContext db, int workspaceId, IEnumerable<CorpusImageOutcome> outcomes,
        string corpusPath, string embeddingsPath, int dimension, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.CorpusImages.Where(i => i.WorkspaceId == workspaceId).ExecuteDeleteAsync(ct);
        db.CorpusImages.AddRange(outcomes.Select(o => new CorpusImage
        {
            WorkspaceId = workspaceId, ExternalId = o.Entry.Id, File = o.Entry.File, Url = WebUrl.OrNull(o.Entry.Source),
            Category = o.Entry.Category, Subcategory = o.Entry.Subcategory, Description = o.Entry.Description,
            Width = o.Width, Height = o.Height, Hash = o.Hash ?? "", EmbeddingRow = o.Row, SkipReason = o.SkipReason,
        }));
        var ws = await db.Workspaces.SingleAsync(w => w.Id == workspaceId, ct);
        ws.CorpusPath = corpusPath;
        ws.EmbeddingsPath = embeddingsPath;
        ws.EmbeddingDimension = dimension;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
