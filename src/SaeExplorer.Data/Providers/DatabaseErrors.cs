namespace SaeExplorer.Data.Providers;

/// <summary>
/// What a database error means, whichever provider raised it and however deep EF Core wrapped it: the web app answers a
/// full disk with 507 and a reason (nothing half-written: the transaction rolled back), and a save that lost a race on
/// a unique index reads the row that won. Each provider's dialect knows its own error codes.
/// </summary>
public static class DatabaseErrors
{
    public const string StorageFullMessage =
        "The server's database disk is full, so this change was not saved (everything saved before is intact). Try again once an operator has freed space.";

    /// <summary>The database could not write for want of disk space.</summary>
    public static bool IsStorageFull(Exception exception) => Chain(exception).Any(e => SqliteDialect.IsStorageFull(e) || PostgresDialect.IsStorageFull(e));

    /// <summary>A unique index refused the row.</summary>
    public static bool IsUniqueViolation(Exception exception) => Chain(exception).Any(e => SqliteDialect.IsUniqueViolation(e) || PostgresDialect.IsUniqueViolation(e));

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException) yield return e;
    }
}
