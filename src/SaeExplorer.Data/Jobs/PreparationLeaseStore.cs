using Microsoft.EntityFrameworkCore;

namespace SaeExplorer.Data.Jobs;

/// <summary>
/// The preparation leases (<see cref="PreparationLease"/>), taken and renewed by atomic conditional writes that work
/// alike on SQLite and PostgreSQL: an update that only matches the holder's row or an expired one, else an insert
/// that the primary key lets only one instance make. Times come from the caller (the app's clock).
/// </summary>
public sealed class PreparationLeaseStore(IDbContextFactory<SaexDbContext> dbFactory)
{
    public const int MaxOwner = 128;

    /// <summary>Takes (or, for its holder, extends) the workspace's lease until <paramref name="now"/> + <paramref name="ttl"/>; false while another instance holds it.</summary>
    public async Task<bool> TryAcquireAsync(int workspaceId, string owner, DateTimeOffset now, TimeSpan ttl, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var until = now + ttl;
        if (await db.Leases.Where(l => l.WorkspaceId == workspaceId && (l.Owner == owner || l.ExpiresAt < now))
                .ExecuteUpdateAsync(u => u.SetProperty(l => l.Owner, owner).SetProperty(l => l.ExpiresAt, until), ct) > 0)
            return true;
        if (!await db.Workspaces.AnyAsync(w => w.Id == workspaceId, ct)) return false; // deleted: there is nothing to prepare
        db.Leases.Add(new PreparationLease { WorkspaceId = workspaceId, Owner = owner, ExpiresAt = until });
        return await db.TrySaveAsync(ct); // another instance inserted it first, or holds it
    }

    /// <summary>Extends the holder's lease; false when <paramref name="owner"/> no longer holds it (it expired and was taken over).</summary>
    public async Task<bool> RenewAsync(int workspaceId, string owner, DateTimeOffset now, TimeSpan ttl, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var until = now + ttl;
        return await db.Leases.Where(l => l.WorkspaceId == workspaceId && l.Owner == owner)
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.ExpiresAt, until), ct) > 0;
    }

    /// <summary>Gives the lease up (the stages are done, failed or stopped), if <paramref name="owner"/> holds it.</summary>
    public async Task ReleaseAsync(int workspaceId, string owner, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Leases.Where(l => l.WorkspaceId == workspaceId && l.Owner == owner).ExecuteDeleteAsync(ct);
    }

}
