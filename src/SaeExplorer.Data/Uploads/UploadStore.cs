using Microsoft.EntityFrameworkCore;

namespace SaeExplorer.Data.Uploads;

/// <summary>A workspace's uploads: found by hash, recorded once.</summary>
public sealed class UploadStore(IDbContextFactory<SaexDbContext> dbFactory)
{
    public async Task<Upload?> FindAsync(int workspaceId, string hash, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Uploads.AsNoTracking().SingleOrDefaultAsync(u => u.WorkspaceId == workspaceId && u.Hash == hash, ct);
    }

    /// <summary>Records the upload; when the same bytes were uploaded before (also by a concurrent request), the existing row.</summary>
    public async Task<Upload> AddAsync(Upload upload, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Uploads.Add(upload);
        if (await db.TrySaveAsync(ct)) return upload;
        // The same bytes from a concurrent request won the unique index: theirs is this upload.
        return await FindAsync(upload.WorkspaceId, upload.Hash, ct) ?? throw new InvalidOperationException("the upload could not be stored");
    }
}
