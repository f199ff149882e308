using Microsoft.EntityFrameworkCore;

namespace SaeExplorer.Data;

/// <summary>
/// Saving a row that a concurrent request may have stored first (the same upload, permalink or workspace name): the
/// database's unique index refuses the second, and the caller then reads the row that won.
/// </summary>
internal static class ConcurrentSaves
{
    /// <summary>
    /// Saves the context's changes; false, with the changes dropped, when a unique index refused them. Any other failure (a
    /// full disk, say) is thrown: it is not a race another request won.
    /// </summary>
    public static async Task<bool> TrySaveAsync(this SaexDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (Providers.DatabaseErrors.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
