using System.ComponentModel.DataAnnotations;

namespace SaeExplorer.Core.Settings;

/// <summary>The "Saex" section of appsettings.json. Relative paths are resolved against <see cref="SaexPaths.Root"/>.</summary>
public sealed record SaexOptions : ISectionOptions
{
    public static string Section => "Saex";

    /// <summary>Where runtime state lives: database, workspaces (embeddings, weights), caches.</summary>
    [Required]
    public string DataDirectory { get; init; } = "data";
    /// <summary>The database: sqlite (one file, the default) or postgres (a server the whole team shares).</summary>
    [RegularExpression("^(sqlite|postgres)$", ErrorMessage = "must be sqlite or postgres")]
    public string DatabaseProvider { get; init; } = "sqlite";
    /// <summary>The SQLite database file, or with <see cref="DatabaseProvider"/> postgres an Npgsql connection string.</summary>
    [Required]
    public string Database { get; init; } = "data/saex.db";
    /// <summary>The demo corpus pack (folder with manifest.csv) prepared on first run; empty to skip.</summary>
    public string DemoPack { get; init; } = "data/demo";
    /// <summary>Name of the workspace made from the demo pack.</summary>
    [RegularExpression("^[a-z0-9][a-z0-9_-]{0,63}$", ErrorMessage = "must be a URL-safe name: lower-case letters, digits, - or _")]
    public string DemoWorkspace { get; init; } = "demo";
    /// <summary>
    /// Folders whose corpora the web page may import as new workspaces (the CLI may read anywhere). Empty turns web
    /// import off: a browser must not make the server read arbitrary folders.
    /// </summary>
    public string[] ImportRoots { get; init; } = [];
    /// <summary>
    /// A StackExchange.Redis connection string ("127.0.0.1:6379", "redis.lab:6379,password=..."): several app instances
    /// behind one address share live updates, presence and sign-in keys through it. Empty: one instance, nothing shared.
    /// </summary>
    public string? Redis { get; init; }
    /// <summary>
    /// Matches ranked and counted per caption search. A word in most captions ("photo") matches most of a 10^6-row
    /// corpus, and ranking and counting all of them took a second; the best of the first 10,000 keeps a search within
    /// tens of milliseconds at any size, and a researcher who needs past them adds a word.
    /// </summary>
    [Range(1, 10_000_000)]
    public int RankedCaptionMatches { get; init; } = 10_000;
}
