using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SaeExplorer.Data.Features;

namespace SaeExplorer.Data.Labels;

/// <summary>
/// Full-text search over every label and comment (FTS5 table LabelTextSearch, kept by triggers on Labels and
/// LabelComments: a label's row id is 2 x its id, a comment's 2 x its id + 1). Best matches first by bm25; the
/// query is user text made safe by <see cref="LabelSearch.ToFtsQuery"/>, so FTS syntax in it is only ever words.
/// </summary>
public sealed class LabelTextSearch(IDbContextFactory<SaexDbContext> dbFactory)
{
    public const int MaxResults = 200;

    // Control characters cannot occur in labels (LabelText refuses them) and are kept out of the marked spans.
    private const char Open = '\u0002', Close = '\u0003';

    public async Task<IReadOnlyList<LabelSearchHit>> SearchAsync(string? text, int take = 50, CancellationToken ct = default)
    {
        var fts = LabelSearch.ToFtsQuery(text ?? "");
        if (fts.Length == 0) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync(ct);
        var found = new List<(long Row, string Marked, double Rank)>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT rowid, highlight(LabelTextSearch, 0, char(2), char(3)), bm25(LabelTextSearch) FROM LabelTextSearch
                WHERE LabelTextSearch MATCH $q ORDER BY bm25(LabelTextSearch) LIMIT $take
                """;
            command.Parameters.AddWithValue("$q", fts);
            command.Parameters.AddWithValue("$take", Math.Clamp(take, 1, MaxResults));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) found.Add((reader.GetInt64(0), reader.GetString(1), reader.GetDouble(2)));
        }
        var commentIds = found.Where(f => f.Row % 2 == 1).Select(f => (int)(f.Row / 2)).ToList();
        var commentLabel = await db.Comments.AsNoTracking().Where(c => commentIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.LabelId, ct);
        int? LabelOf((long Row, string, double) f) => f.Row % 2 == 0 ? (int)(f.Row / 2) : commentLabel.TryGetValue((int)(f.Row / 2), out var l) ? l : null;
        var labelIds = found.Select(LabelOf).OfType<int>().Distinct().ToList();
        var labels = await db.Labels.AsNoTracking().Where(l => labelIds.Contains(l.Id)).Select(l => new
        {
            l.Id, l.Text, l.Feature, l.GroupSlug,
            Workspace = db.Saes.Where(s => s.Id == l.SaeId).SelectMany(s => db.Workspaces.Where(w => w.Id == s.WorkspaceId)).Select(w => w.Name).FirstOrDefault(),
        }).ToDictionaryAsync(l => l.Id, ct);
        return found.Where(f => LabelOf(f) is { } id && labels.ContainsKey(id))
            .Select(f =>
            {
                var label = labels[LabelOf(f)!.Value];
                return new LabelSearchHit(label.Id, f.Row % 2 == 1, Spans(f.Marked), label.Text, label.Workspace, label.Feature, label.GroupSlug, f.Rank);
            })
            .ToList();
    }

    /// <summary>Cuts highlight()'s output at its markers into plain and matched spans.</summary>
    internal static IReadOnlyList<MarkedSpan> Spans(string marked)
    {
        var spans = new List<MarkedSpan>();
        var match = false;
        var start = 0;
        for (var i = 0; i <= marked.Length; i++)
        {
            if (i < marked.Length && marked[i] is not (Open or Close)) continue;
            if (i > start) spans.Add(new MarkedSpan(marked[start..i], match));
            if (i < marked.Length) match = marked[i] == Open;
            start = i + 1;
        }
        return spans;
    }
}
