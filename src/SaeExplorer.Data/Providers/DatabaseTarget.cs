using Npgsql;
using SaeExplorer.Core.Settings;

namespace SaeExplorer.Data.Providers;

/// <summary>The two databases the app runs on: one SQLite file, or a PostgreSQL server a team shares.</summary>
public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>
/// Which database the app, a CLI command or a test opens: the provider and its file path (SQLite) or Npgsql connection
/// string (PostgreSQL). <see cref="ToString"/> names it for messages without ever showing a password.
/// </summary>
public sealed record DatabaseTarget(DatabaseProvider Provider, string Connection)
{
    /// <summary>The provider named in settings or on the command line ("sqlite" or "postgres").</summary>
    /// <exception cref="ArgumentException">Any other name.</exception>
    public static DatabaseProvider ParseProvider(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "sqlite" => DatabaseProvider.Sqlite,
        "postgres" or "postgresql" => DatabaseProvider.Postgres,
        _ => throw new ArgumentException($"the database provider is sqlite or postgres, got '{name}'"),
    };

    /// <summary>A provider and its database: a SQLite path is made absolute (relative to the installation root), a connection string is checked.</summary>
    /// <exception cref="ArgumentException">The provider is unknown or the connection string does not parse.</exception>
    public static DatabaseTarget Of(string? provider, string database) => Of(ParseProvider(provider), database);

    /// <inheritdoc cref="Of(string?, string)"/>
    public static DatabaseTarget Of(DatabaseProvider provider, string database)
    {
        if (string.IsNullOrWhiteSpace(database)) throw new ArgumentException("the database is empty: a SQLite file or a PostgreSQL connection string");
        if (provider == DatabaseProvider.Sqlite) return new(provider, SaexPaths.Resolve(database));
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(database);
            if (string.IsNullOrEmpty(builder.Host)) throw new ArgumentException("the PostgreSQL connection string names no Host");
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new ArgumentException($"the PostgreSQL connection string does not parse ({Redacted(e.Message, database)})");
        }
        return new(provider, database);
    }

    /// <summary>The database of the app's settings (Saex:DatabaseProvider and Saex:Database); the error names the key.</summary>
    /// <exception cref="ArgumentException">Either value is wrong.</exception>
    public static DatabaseTarget Of(SaexOptions options)
    {
        DatabaseProvider provider;
        try { provider = ParseProvider(options.DatabaseProvider); }
        catch (ArgumentException e) { throw new ArgumentException($"Saex:DatabaseProvider: {e.Message}", e); }
        try { return Of(provider, options.Database); }
        catch (ArgumentException e) { throw new ArgumentException($"Saex:Database: {e.Message}", e); }
    }

    /// <summary>"sqlite:FILE" or "postgres:CONNECTION", as `saex db copy` takes them.</summary>
    /// <exception cref="ArgumentException">No provider prefix, or a bad connection string.</exception>
    public static DatabaseTarget Parse(string spec)
    {
        var colon = spec.IndexOf(':');
        if (colon <= 0) throw new ArgumentException($"'{Redacted(spec, spec)}' names no provider: write sqlite:FILE or postgres:CONNECTION");
        return Of(spec[..colon], spec[(colon + 1)..]);
    }

    /// <summary>The file, or the server, port, database and user: never the password.</summary>
    public override string ToString()
    {
        if (Provider == DatabaseProvider.Sqlite) return $"SQLite file '{Connection}'";
        var b = new NpgsqlConnectionStringBuilder(Connection);
        return $"PostgreSQL database '{b.Database ?? b.Username}' on {b.Host}:{b.Port} as '{b.Username}'";
    }

    /// <summary>A parse error's text with the connection string's password taken out, should the message quote it.</summary>
    private static string Redacted(string message, string connection)
    {
        foreach (var part in connection.Split(';'))
        {
            var eq = part.IndexOf('=');
            if (eq > 0 && part[..eq].Trim().Equals("password", StringComparison.OrdinalIgnoreCase) && part[(eq + 1)..].Trim().Length > 0)
                message = message.Replace(part[(eq + 1)..].Trim(), "***");
        }
        return message;
    }
}
