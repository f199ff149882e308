using Microsoft.EntityFrameworkCore;

namespace SaeExplorer.Data;

/// <summary>
/// Saving a row that a concurrent request may have stored first (the same upload, permalink or workspace name): the
/// database's unique index refuses the second, and the caller then reads the row that won.
/// </summary>
internal static class ConcurrentSaves
{
    /// <summary>Saves the context's changes; false, with the changes dropped, when the database refused them.</summary>
    public static async Task<bool> TrySaveAsync(this SaexDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
