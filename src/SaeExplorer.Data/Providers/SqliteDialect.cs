using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace SaeExplorer.Data.Providers;

/// <summary>
/// SQLite, the app's database: the one class that knows its SQL. Full text is FTS5 (porter stemming, bm25 ranking)
/// over the virtual tables the migrations make: ImageCaptionSearch (kept by triggers on CorpusImages),
/// FeatureLabelSearch (one row per feature's top label, written here) and LabelTextSearch (labels at row 2 x id,
/// comments at 2 x id + 1, kept by triggers). User text never reaches FTS5 as syntax: it becomes quoted prefix terms.
/// </summary>
internal sealed class SqliteDialect(SaexDbContext db) : ISqlDialect
{
    public const string ProviderName = "Microsoft.EntityFrameworkCore.Sqlite";

    /// <summary>The connection string of the app's database file.</summary>
    public static string ConnectionString(string databasePath) => new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        // Waits on a locked database instead of failing at once (background writers + pages).
        DefaultTimeout = 30,
        Pooling = true,
    }.ToString();

    /// <summary>Points a context's options at the database file.</summary>
    public static DbContextOptionsBuilder Use(DbContextOptionsBuilder options, string databasePath) =>
        options.UseSqlite(ConnectionString(databasePath));

    public DatabaseTarget Target => new(DatabaseProvider.Sqlite, new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource);

    public string Column(string name) => name;

    /// <summary>SQLITE_FULL: the file (or its write-ahead log) could not grow.</summary>
    internal static bool IsStorageFull(Exception e) => e is SqliteException { SqliteErrorCode: 13 };

    /// <summary>SQLITE_CONSTRAINT_UNIQUE or _PRIMARYKEY: an insert met a row with the same key.</summary>
    internal static bool IsUniqueViolation(Exception e) => e is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 };

    public string ActiveSaeFilter => "IsActive = 1";

    // SQLite cannot order or compare DateTimeOffset natively; stored as ticks, queries can.
    public void ConfigureConventions(ModelConfigurationBuilder conventions) =>
        conventions.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();

    // Write-ahead logging: readers never wait on the writer.
    public Task AfterMigrateAsync(CancellationToken ct) => db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);

    // AUTOINCREMENT counters follow inserted ids by themselves, and triggers index captions, labels and comments;
    // the feature labels' index is written by the label stores, so it is made again from the copied top labels.
    public Task AfterCopyAsync(CancellationToken ct) => db.Database.ExecuteSqlRawAsync("""
        DELETE FROM FeatureLabelSearch;
        INSERT INTO FeatureLabelSearch (rowid, Label, SaeId, Feature)
            SELECT (SaeId << 32) | Feature, TopLabel, SaeId, Feature FROM Features WHERE TopLabel IS NOT NULL;
        """, ct);

    // On SQLite, BEGIN IMMEDIATE: the write lock is taken at the start, so a second writer waits for the first to commit.
    public Task<IDbContextTransaction> BeginWriteAsync(CancellationToken ct) => db.Database.BeginTransactionAsync(ct);

    // One prepared command reused for every row.
    public async Task InsertRowsAsync(string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows, CancellationToken ct)
    {
        var names = columns.Select((_, i) => $"$p{i}").ToList();
        await using var insert = await CommandAsync(
            $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", names)})", ct);
        var parameters = names.Select(n => insert.Parameters.Add(new SqliteParameter { ParameterName = n })).ToList();
        insert.Prepare();
        foreach (var row in rows)
        {
            ct.ThrowIfCancellationRequested();
            for (var i = 0; i < parameters.Count; i++) parameters[i].Value = row[i] ?? DBNull.Value;
            await insert.ExecuteNonQueryAsync(ct);
        }
    }

    // Both queries read at most `limit` (+1) matches, in rowid order, whatever the query: the FTS side comes first
    // (CROSS JOIN), and only then is each match's workspace looked up.
    public async Task<(int Total, IReadOnlyList<int> ImageIds)> SearchCaptionsAsync(
        int workspaceId, string text, int skip, int take, int limit, CancellationToken ct)
    {
        var fts = FtsQuery(text);
        if (fts.Length == 0) return (0, []);
        var rows = await db.Database.SqlQuery<CaptionPageRow>($"""
            WITH m AS MATERIALIZED (SELECT i.Id AS Id, bm25(ImageCaptionSearch) AS Rank
                    FROM ImageCaptionSearch CROSS JOIN CorpusImages i ON i.Id = ImageCaptionSearch.rowid
                    WHERE ImageCaptionSearch MATCH {fts} AND i.WorkspaceId = {workspaceId} LIMIT {limit + 1}),
                ranked AS (SELECT Id, row_number() OVER (ORDER BY Rank, Id) AS N FROM (SELECT Id, Rank FROM m LIMIT {limit}))
            SELECT 0 AS Id, count(*) AS Total, 0 AS N FROM m
            UNION ALL SELECT Id, 0, N FROM ranked WHERE N > {skip} AND N <= {(long)skip + take}
            ORDER BY N
            """).ToListAsync(ct);
        return CaptionPageRow.Split(rows);
    }

    public async Task SetFeatureLabelAsync(int saeId, int feature, string? label, CancellationToken ct)
    {
        var row = FeatureRow(saeId, feature);
        await db.Database.ExecuteSqlAsync($"DELETE FROM FeatureLabelSearch WHERE rowid = {row}", ct);
        if (label is not null)
            await db.Database.ExecuteSqlAsync($"INSERT INTO FeatureLabelSearch (rowid, Label, SaeId, Feature) VALUES ({row}, {label}, {saeId}, {feature})", ct);
    }

    public Task ClearFeatureLabelsAsync(int saeId, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"DELETE FROM FeatureLabelSearch WHERE SaeId = {saeId}", ct);

    public async Task<IReadOnlyList<int>> MatchFeatureLabelsAsync(int saeId, string text, CancellationToken ct)
    {
        var fts = FtsQuery(text);
        if (fts.Length == 0) return [];
        await using var command = await CommandAsync(
            "SELECT Feature FROM FeatureLabelSearch WHERE SaeId = $sae AND FeatureLabelSearch MATCH $q ORDER BY bm25(FeatureLabelSearch) LIMIT 5000", ct);
        command.Parameters.AddWithValue("$sae", saeId);
        command.Parameters.AddWithValue("$q", fts);
        var result = new List<int>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) result.Add(reader.GetInt32(0));
        return result;
    }

    public async Task<IReadOnlyList<LabelTextMatch>> SearchLabelTextAsync(string text, int take, CancellationToken ct)
    {
        var fts = FtsQuery(text);
        if (fts.Length == 0) return [];
        await using var command = await CommandAsync("""
            SELECT rowid, highlight(LabelTextSearch, 0, char(2), char(3)), bm25(LabelTextSearch) FROM LabelTextSearch
            WHERE LabelTextSearch MATCH $q ORDER BY bm25(LabelTextSearch) LIMIT $take
            """, ct);
        command.Parameters.AddWithValue("$q", fts);
        command.Parameters.AddWithValue("$take", take);
        var found = new List<LabelTextMatch>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var row = reader.GetInt64(0);
            found.Add(new LabelTextMatch((int)(row / 2), row % 2 == 1, reader.GetString(1), reader.GetDouble(2)));
        }
        return found;
    }

    /// <summary>User text as FTS5 query: each word a quoted prefix term, so nothing in it is ever FTS syntax; empty when it has no word.</summary>
    internal static string FtsQuery(string text) => string.Join(" ", SearchWords.Of(text).Select(t => $"\"{t}\"*"));

    /// <summary>
    /// A feature's FeatureLabelSearch row id: one row per (SAE, feature), so replacing a top label is a delete by rowid
    /// rather than a scan of the unindexed SaeId and Feature columns.
    /// </summary>
    private static long FeatureRow(int saeId, int feature) => ((long)saeId << 32) | (uint)feature;

    /// <summary>A command on the context's connection, in its current transaction if it has one.</summary>
    private async Task<SqliteCommand> CommandAsync(string sql, CancellationToken ct)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync(ct);
        var command = connection.CreateCommand();
        command.Transaction = (SqliteTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        return command;
    }
}
