using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace SaeExplorer.Data.Features;

/// <summary>Full-text label search (FTS5). Any user text is safe: it is split into quoted terms, never parsed as FTS syntax.</summary>
public static class LabelSearch
{
    public static string ToFtsQuery(string text)
    {
        var terms = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(t => new string(t.Where(c => char.IsLetterOrDigit(c) || c is '-' or '\'').ToArray()).Replace("\"", ""))
            .Where(t => t.Length > 0)
            .Select(t => $"\"{t}\"*");
        return string.Join(" ", terms);
    }

    /// <summary>
    /// A feature's FeatureLabelSearch row id: one row per (SAE, feature), so replacing a top label is a delete by rowid
    /// rather than a scan of the unindexed SaeId and Feature columns.
    /// </summary>
    public static long RowId(int saeId, int feature) => ((long)saeId << 32) | (uint)feature;

    /// <summary>Replaces the feature's searchable top label (null: none), inside the caller's transaction.</summary>
    public static async Task WriteAsync(SaexDbContext db, int saeId, int feature, string? label, CancellationToken ct = default)
    {
        var row = RowId(saeId, feature);
        await db.Database.ExecuteSqlAsync($"DELETE FROM FeatureLabelSearch WHERE rowid = {row}", ct);
        if (label is not null)
            await db.Database.ExecuteSqlAsync($"INSERT INTO FeatureLabelSearch (rowid, Label, SaeId, Feature) VALUES ({row}, {label}, {saeId}, {feature})", ct);
    }

    public static async Task<List<int>> MatchAsync(SaexDbContext db, int saeId, string text, CancellationToken ct = default)
    {
        var fts = ToFtsQuery(text);
        if (fts.Length == 0) return [];
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Feature FROM FeatureLabelSearch WHERE SaeId = $sae AND FeatureLabelSearch MATCH $q ORDER BY bm25(FeatureLabelSearch) LIMIT 5000";
        command.Parameters.AddWithValue("$sae", saeId);
        command.Parameters.AddWithValue("$q", fts);
        var result = new List<int>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) result.Add(reader.GetInt32(0));
        return result;
    }
}
