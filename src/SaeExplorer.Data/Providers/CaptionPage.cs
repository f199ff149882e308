namespace SaeExplorer.Data.Providers;

/// <summary>
/// A caption search answered by one statement: a first row (Id 0, N 0) with how many matched, up to the limit + 1,
/// then the page's image ids in rank order (N their place in it). One statement reads the matches once; a count and a
/// ranking apart read them twice.
/// </summary>
internal sealed record CaptionPageRow(int Id, int Total, long N)
{
    public static (int Total, IReadOnlyList<int> ImageIds) Split(IReadOnlyList<CaptionPageRow> rows) =>
        (rows.Single(r => r.N == 0).Total, rows.Where(r => r.N > 0).Select(r => r.Id).ToList());
}
