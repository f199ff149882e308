using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SaeExplorer.Core.Corpus;

namespace SaeExplorer.Data.Corpus;

/// <summary>Records what importing made of a workspace's corpus: its images, its embeddings file and their space.</summary>
public static class CorpusImageRegistry
{
    /// <summary>
    /// Replaces the workspace's images with <paramref name="outcomes"/> (encoded rows and skipped items alike) and points
    /// it at its embeddings, in one transaction: a stage that ran before and was interrupted leaves nothing behind.
    /// One prepared insert is reused for every image: a LAION shard of a million rows would take EF change tracking
    /// many minutes and gigabytes.
    /// </summary>
    public static async Task ReplaceAsync(SaexDbContext db, int workspaceId, IEnumerable<CorpusImageOutcome> outcomes,
        string corpusPath, string embeddingsPath, Core.Encoders.EmbeddingSpace space, CancellationToken ct)
    {
        await using var bulk = await BulkWrite.BeginAsync(db, ct);
        await bulk.ExecuteAsync("DELETE FROM CorpusImages WHERE WorkspaceId = $ws", "$ws", workspaceId, ct);

        await using (var insert = bulk.Command("""
                INSERT INTO CorpusImages (WorkspaceId, ExternalId, File, Url, Category, Subcategory, Description, Width, Height, Hash, EmbeddingRow, SkipReason)
                VALUES ($ws, $id, $file, $url, $cat, $sub, $desc, $w, $h, $hash, $row, $skip)
                """))
        {
            var p = new[] { "$ws", "$id", "$file", "$url", "$cat", "$sub", "$desc", "$w", "$h", "$hash", "$row", "$skip" }
                .ToDictionary(name => name, name => insert.Parameters.Add(new SqliteParameter { ParameterName = name }));
            insert.Prepare();
            p["$ws"].Value = workspaceId;
            foreach (var o in outcomes)
            {
                ct.ThrowIfCancellationRequested();
                p["$id"].Value = o.Entry.Id;
                p["$file"].Value = o.Entry.File;
                p["$url"].Value = (object?)WebUrl.OrNull(o.Entry.Source) ?? DBNull.Value;
                p["$cat"].Value = (object?)o.Entry.Category ?? DBNull.Value;
                p["$sub"].Value = (object?)o.Entry.Subcategory ?? DBNull.Value;
                p["$desc"].Value = (object?)o.Entry.Description ?? DBNull.Value;
                p["$w"].Value = o.Width;
                p["$h"].Value = o.Height;
                p["$hash"].Value = o.Hash ?? "";
                p["$row"].Value = (object?)o.Row ?? DBNull.Value;
                p["$skip"].Value = (object?)o.SkipReason ?? DBNull.Value;
                await insert.ExecuteNonQueryAsync(ct);
            }
        }

        await db.Database.UseTransactionAsync(bulk.Transaction, ct);
        var ws = await db.Workspaces.SingleAsync(w => w.Id == workspaceId, ct);
        ws.CorpusPath = corpusPath;
        ws.EmbeddingsPath = embeddingsPath;
        ws.RecordSpace(space);
        await db.SaveChangesAsync(ct);
        await bulk.CommitAsync(ct);
        await db.Database.UseTransactionAsync(null, ct);
    }
}
