using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace SaeExplorer.Data.Providers;

/// <summary>
/// Everything the Data layer needs from its database beyond EF Core's provider-neutral LINQ: the raw SQL of the model's
/// check constraints and filtered index, its conventions, the start-up pragmas, a write transaction that makes concurrent writers
/// queue, bulk inserts, and the three full-text searches (image captions, feature top labels, labels and comments).
/// The stores reach it through <see cref="SaexDbContext.Dialect"/>; nothing outside this folder writes raw SQL or
/// names a provider. <see cref="SqliteDialect"/> and <see cref="PostgresDialect"/> implement it; each provider has
/// its own migrations (Migrations/ and Migrations/Postgres), since the full-text tables, columns and functions these
/// members read are made there.
/// </summary>
internal interface ISqlDialect
{
    /// <summary>Opens and closes a match in <see cref="LabelTextMatch.Marked"/> (label text cannot hold control characters).</summary>
    const char MatchOpen = '\u0002', MatchClose = '\u0003';

    /// <summary>The database this context is connected to, for messages (never with its password).</summary>
    DatabaseTarget Target { get; }

    /// <summary>A column's name as raw SQL in the model's check constraints (SQLite takes it bare; PostgreSQL quotes it).</summary>
    string Column(string name);

    /// <summary>The filter of the index that allows one active SAE per workspace (Saes.IsActive is true).</summary>
    string ActiveSaeFilter { get; }

    /// <summary>Type conventions the provider needs (e.g. a storage type for values it cannot order natively).</summary>
    void ConfigureConventions(ModelConfigurationBuilder conventions);

    /// <summary>Runs after migrating, at every start (e.g. the journal mode that lets readers and the writer overlap).</summary>
    Task AfterMigrateAsync(CancellationToken ct);

    /// <summary>
    /// After rows were copied in with their ids (`saex db copy`): the next generated ids follow them, and search
    /// indexes that no trigger keeps hold the copied rows.
    /// </summary>
    Task AfterCopyAsync(CancellationToken ct);

    /// <summary>
    /// A transaction for a read-modify-write: two of them never interleave, so the later one reads what the earlier
    /// wrote (labels, votes, lists and jobs lose no update under concurrent writers).
    /// </summary>
    Task<IDbContextTransaction> BeginWriteAsync(CancellationToken ct);

    /// <summary>
    /// Inserts many rows into <paramref name="table"/> inside the context's current transaction, far faster than EF's
    /// change tracking at tens of thousands of rows. Each row holds one value per column (null for SQL NULL) and is read
    /// before the next is asked for.
    /// </summary>
    Task InsertRowsAsync(string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows, CancellationToken ct);

    /// <summary>
    /// One page of the workspace's images whose caption, category or subcategory matches the words of
    /// <paramref name="text"/> (stemmed, each word a prefix), best first among the first <paramref name="limit"/>
    /// matches, and how many match, counted up to limit + 1. Any text is safe: it is taken as words, never as query
    /// syntax; text without a word matches nothing.
    /// </summary>
    Task<(int Total, IReadOnlyList<int> ImageIds)> SearchCaptionsAsync(int workspaceId, string text, int skip, int take, int limit, CancellationToken ct);

    /// <summary>Makes <paramref name="label"/> the searchable top label of the feature (null: it has none), in the current transaction.</summary>
    Task SetFeatureLabelAsync(int saeId, int feature, string? label, CancellationToken ct);

    /// <summary>Forgets every searchable top label of the SAE (its features are re-indexed, relabelled or deleted).</summary>
    Task ClearFeatureLabelsAsync(int saeId, CancellationToken ct);

    /// <summary>The SAE's features whose top label matches the words of <paramref name="text"/>, best first (at most 5,000).</summary>
    Task<IReadOnlyList<int>> MatchFeatureLabelsAsync(int saeId, string text, CancellationToken ct);

    /// <summary>Labels and comments whose text matches the words of <paramref name="text"/>, best first.</summary>
    Task<IReadOnlyList<LabelTextMatch>> SearchLabelTextAsync(string text, int take, CancellationToken ct);

    /// <summary>The dialect of the context's provider.</summary>
    static ISqlDialect For(SaexDbContext db) => db.Database.ProviderName switch
    {
        SqliteDialect.ProviderName => new SqliteDialect(db),
        PostgresDialect.ProviderName => new PostgresDialect(db),
        var other => throw new NotSupportedException($"SAE Explorer has no SQL dialect for the database provider '{other}'; it runs on SQLite or PostgreSQL."),
    };
}

/// <summary>A label (or a comment, by its own id) that matched a search.</summary>
/// <param name="Marked">Its text with each match between <see cref="ISqlDialect.MatchOpen"/> and <see cref="ISqlDialect.MatchClose"/>.</param>
/// <param name="Rank">Lower is better.</param>
internal sealed record LabelTextMatch(int Id, bool InComment, string Marked, double Rank);
