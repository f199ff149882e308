using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace SaeExplorer.Data.Providers;

/// <summary>
/// The database cannot be reached or opened right now (a PostgreSQL server that is down, restarting, or refuses the
/// login; a SQLite file that cannot be opened): nothing was written, and the same request can succeed later. The web
/// app answers it with 503 and the reason, the CLI with one line; neither names a provider's exception.
/// </summary>
public sealed class DatabaseUnavailableException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Why <paramref name="e"/> (or an exception it wraps) means the database is unavailable; null when it means something else.</summary>
    public static string? Explains(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                case DatabaseUnavailableException unavailable:
                    return unavailable.Message;
                case PostgresException pg when pg.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification:
                    return "the server refused the login (wrong user or password)";
                case PostgresException pg when pg.SqlState == PostgresErrorCodes.InvalidCatalogName:
                    return "the server has no such database (create it first, e.g. createdb)";
                case PostgresException pg when pg.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                    or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections || pg.SqlState.StartsWith("08", StringComparison.Ordinal):
                    return $"the server is not accepting work ({pg.MessageText})";
                case PostgresException:
                    return null; // the server answered: a real error of the statement, not an outage
                case NpgsqlException npgsql when npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or TimeoutException:
                    return $"the server cannot be reached ({(npgsql.InnerException ?? npgsql).Message})";
                case SqliteException sqlite when sqlite.SqliteErrorCode == 14: // SQLITE_CANTOPEN
                    return $"the file cannot be opened ({sqlite.Message})";
            }
        }
        return null;
    }
}
