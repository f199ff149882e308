using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace SaeExplorer.Data.Providers;

/// <summary>
/// PostgreSQL, the team database: the one class that knows its SQL. Full text is a stored tsvector column
/// ("SearchVector", GIN-indexed, made by the PostgreSQL migrations) on CorpusImages, Features (the top label), Labels
/// and LabelComments, built by the migration's saex_tsvector: the words, folding and Porter stems of SQLite's FTS5
/// 'porter unicode61', so both providers find the same rows; ranked with ts_rank; matches marked by saex_mark. Concurrent writers queue on one
/// transaction-scoped advisory lock, as SQLite's writers queue on its write lock. Bulk inserts are binary COPY.
/// </summary>
internal sealed class PostgresDialect(SaexDbContext db) : ISqlDialect
{
    public const string ProviderName = "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <summary>The advisory lock every write transaction takes first ("saex" in ASCII).</summary>
    private const long WriteLock = 0x73616578;

    /// <summary>ts_rank's normalisation 1: divided by 1 + log(length), so a short text that matches ranks first (as bm25 ranks it).</summary>
    private const int RankByLength = 1;

    /// <summary>53100 disk_full: the server could not write for want of space.</summary>
    internal static bool IsStorageFull(Exception e) => e is PostgresException { SqlState: PostgresErrorCodes.DiskFull };

    /// <summary>23505 unique_violation: an insert met a row with the same key.</summary>
    internal static bool IsUniqueViolation(Exception e) => e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>Points a context's options at the server.</summary>
    public static DbContextOptionsBuilder Use(DbContextOptionsBuilder options, string connection) => options.UseNpgsql(connection);

    public DatabaseTarget Target => new(DatabaseProvider.Postgres, db.Database.GetConnectionString()!);

    public string Column(string name) => $"\"{name}\"";

    public string ActiveSaeFilter => "\"IsActive\"";

    // timestamptz orders DateTimeOffset natively.
    public void ConfigureConventions(ModelConfigurationBuilder conventions) { }

    // Nothing to set per start: the server's settings are its administrator's.
    public Task AfterMigrateAsync(CancellationToken ct) => Task.CompletedTask;

    // Identity columns do not see explicit ids: each sequence restarts after its table's largest. Search vectors are generated columns.
    public Task AfterCopyAsync(CancellationToken ct) => db.Database.ExecuteSqlRawAsync("""
        DO $$ DECLARE r record; BEGIN
            FOR r IN SELECT c.relname AS t, a.attname AS col, pg_get_serial_sequence(format('%I', c.relname), a.attname) AS seq
                     FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = current_schema() AND c.relkind = 'r' AND a.attidentity <> '' LOOP
                EXECUTE format('SELECT setval(%L, coalesce((SELECT max(%I) FROM %I), 0) + 1, false)', r.seq, r.col, r.t);
            END LOOP;
        END $$;
        """, ct);

    public async Task<IDbContextTransaction> BeginWriteAsync(CancellationToken ct)
    {
        var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({WriteLock})", ct);
        return tx;
    }

    // COPY ... FROM STDIN in binary: each value sent as its column's type, read from the EF model.
    public async Task InsertRowsAsync(string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows, CancellationToken ct)
    {
        var types = ColumnTypes(table, columns);
        var connection = await ConnectionAsync(ct);
        await using var writer = await connection.BeginBinaryImportAsync(
            $"COPY \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await writer.StartRowAsync(ct);
            for (var i = 0; i < types.Count; i++)
            {
                if (row[i] is null) await writer.WriteNullAsync(ct);
                else await writer.WriteAsync(row[i], types[i], ct);
            }
        }
        await writer.CompleteAsync(ct);
    }

    // Both queries read at most `limit` (+1) matches, whatever the query.
    public async Task<(int Total, IReadOnlyList<int> ImageIds)> SearchCaptionsAsync(
        int workspaceId, string text, int skip, int take, int limit, CancellationToken ct)
    {
        var words = SearchWords.Of(text).ToArray();
        if (words.Length == 0) return (0, []);
        var rows = await db.Database.SqlQuery<CaptionPageRow>($"""
            WITH m AS MATERIALIZED (SELECT i."Id", ts_rank(i."SearchVector", q, {RankByLength}) AS "Rank"
                    FROM "CorpusImages" i, saex_tsquery({words}) q
                    WHERE i."WorkspaceId" = {workspaceId} AND i."SearchVector" @@ q LIMIT {limit + 1}),
                ranked AS (SELECT r."Id", row_number() OVER (ORDER BY r."Rank" DESC, r."Id") AS "N" FROM (SELECT * FROM m LIMIT {limit}) r)
            SELECT 0 AS "Id", count(*)::int AS "Total", 0::bigint AS "N" FROM m
            UNION ALL SELECT "Id", 0, "N" FROM ranked WHERE "N" > {skip} AND "N" <= {(long)skip + take}
            ORDER BY "N"
            """).ToListAsync(ct);
        return CaptionPageRow.Split(rows);
    }

    // Features' search vector is made from their TopLabel column, which TopLabels writes in the same transaction.
    public Task SetFeatureLabelAsync(int saeId, int feature, string? label, CancellationToken ct) => Task.CompletedTask;

    // Likewise: clearing TopLabel clears the vector.
    public Task ClearFeatureLabelsAsync(int saeId, CancellationToken ct) => Task.CompletedTask;

    public async Task<IReadOnlyList<int>> MatchFeatureLabelsAsync(int saeId, string text, CancellationToken ct)
    {
        var words = SearchWords.Of(text).ToArray();
        if (words.Length == 0) return [];
        return await db.Database.SqlQuery<int>($"""
            SELECT f."Feature" AS "Value" FROM "Features" f, saex_tsquery({words}) q
            WHERE f."SaeId" = {saeId} AND f."SearchVector" @@ q
            ORDER BY ts_rank(f."SearchVector", q, {RankByLength}) DESC, f."Feature" LIMIT 5000
            """).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<LabelTextMatch>> SearchLabelTextAsync(string text, int take, CancellationToken ct)
    {
        var words = SearchWords.Of(text).ToArray();
        if (words.Length == 0) return [];
        var rows = await db.Database.SqlQuery<MatchRow>($"""
            WITH q AS (SELECT saex_tsquery({words}) AS q), hits AS (
                SELECT l."Id", false AS "InComment", l."Text", ts_rank(l."SearchVector", q.q, {RankByLength}) AS "Score"
                FROM "Labels" l, q WHERE l."SearchVector" @@ q.q
                UNION ALL
                SELECT c."Id", true, c."Text", ts_rank(c."SearchVector", q.q, {RankByLength}) FROM "LabelComments" c, q WHERE c."SearchVector" @@ q.q
                ORDER BY "Score" DESC, "InComment", "Id" LIMIT {take})
            SELECT h."Id", h."InComment", saex_mark(h."Text", {words}) AS "Marked", -h."Score"::float8 AS "Rank"
            FROM hits h, q ORDER BY h."Score" DESC, h."InComment", h."Id"
            """).ToListAsync(ct);
        return rows.Select(r => new LabelTextMatch(r.Id, r.InComment, Joined(r.Marked), r.Rank)).ToList();
    }

    /// <summary>
    /// Marks that only punctuation separates become one ("[T-shirts]", not "[T]-[shirts]"), as FTS5 marks a phrase: a
    /// query word holding punctuation matches as a phrase of its parts.
    /// </summary>
    private static string Joined(string marked) =>
        Regex.Replace(marked, $"{ISqlDialect.MatchClose}([^\\s\\p{{L}}\\p{{N}}{ISqlDialect.MatchOpen}{ISqlDialect.MatchClose}]+){ISqlDialect.MatchOpen}", "$1");

    /// <summary>One row of <see cref="SearchLabelTextAsync"/>'s query.</summary>
    private sealed record MatchRow(int Id, bool InComment, string Marked, double Rank);

    /// <summary>Each column's PostgreSQL type (without length or precision), as the model maps it.</summary>
    private List<string> ColumnTypes(string table, IReadOnlyList<string> columns)
    {
        var entity = db.Model.GetEntityTypes().Single(e => e.GetTableName() == table);
        var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
        return columns.Select(c =>
        {
            var property = entity.GetProperties().Single(p => p.GetColumnName(store) == c);
            var type = property.GetRelationalTypeMapping().StoreType;
            var facets = type.IndexOf('(');
            return facets < 0 ? type : type[..facets];
        }).ToList();
    }

    private async Task<NpgsqlConnection> ConnectionAsync(CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync(ct);
        return connection;
    }
}
