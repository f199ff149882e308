using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using SaeExplorer.Core.Indexing;
using SaeExplorer.Core.Labeling;
using SaeExplorer.Data.Corpus;

namespace SaeExplorer.Data.Features;

/// <summary>Reads for the feature list, the feature page, the image page and the API.</summary>
public sealed class FeatureQueries(IDbContextFactory<SaexDbContext> dbFactory)
{
    public const int StripImages = 4;

    public async Task<(int Total, IReadOnlyList<FeatureListRow> Rows)> ListAsync(
        int saeId, FeatureListQuery query, int skip, int take, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var features = db.Features.AsNoTracking().Where(f => f.SaeId == saeId);
        if (query.Alive is { } alive) features = alive ? features.Where(f => f.FiringCount > 0) : features.Where(f => f.FiringCount == 0);
        if (query.MinLog10Frequency is { } min) features = features.Where(f => f.Log10Frequency >= min);
        if (query.MaxLog10Frequency is { } max) features = features.Where(f => f.Log10Frequency <= max);
        if (query.MinScore is { } minScore) features = features.Where(f => f.TopLabelScore >= minScore);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var text = query.Search.Trim().TrimStart('#');
            if (int.TryParse(text, out var number)) features = features.Where(f => f.Feature == number);
            else
            {
                var matches = await db.Dialect.MatchFeatureLabelsAsync(saeId, query.Search, ct);
                features = features.Where(f => matches.Contains(f.Feature));
            }
        }
        var total = await features.CountAsync(ct);
        // First the page's feature numbers (walking the sort's covering index), then only their rows.
        var numbers = await PageAsync(Runs(features, query.Sort, query.Descending), Math.Max(0, skip), Math.Clamp(take, 0, 500), ct);
        var rows = await db.Features.AsNoTracking().Where(f => f.SaeId == saeId && numbers.Contains(f.Feature))
            .Select(f => new
            {
                f.Feature, f.TopLabel, f.TopLabelScore, f.TopLabelIsName, f.TopLabelByPerson, f.Log10Frequency, f.MaxActivation, f.MeanActivation,
                f.FiringCount, f.TopRows,
            })
            .ToDictionaryAsync(f => f.Feature, ct);
        return (total, numbers.Select(n => rows[n]).Select(f => new FeatureListRow(f.Feature, f.TopLabel, f.Log10Frequency, f.MaxActivation,
            f.MeanActivation, f.FiringCount, FeatureBlobs.Unpack<int>(f.TopRows).Take(StripImages).ToArray(), f.TopLabelScore,
            f.TopLabelIsName, f.TopLabelByPerson)).ToList());
    }

    /// <summary>
    /// A sort as runs of features, each one ordered walk of an index (IX_Features_By*, ties by number): named
    /// features by name, then candidates, then the unlabelled; dead features (no frequency) and unscored labels last
    /// either way. Separate runs keep `IS NULL` out of ORDER BY, where no index serves it: sorting 81,920 entries per
    /// request instead of seeking to the page cost 128 ms (p95) at the paper's size.
    /// </summary>
    private static IQueryable<FeatureRecord>[] Runs(IQueryable<FeatureRecord> f, FeatureSort sort, bool descending) => sort switch
    {
        FeatureSort.Label =>
        [
            By(Labelled(f, named: true), x => x.TopLabel, descending),
            By(Labelled(f, named: false), x => x.TopLabel, descending),
            f.Where(x => x.TopLabel == null).OrderBy(x => x.Feature),
        ],
        FeatureSort.Frequency => [By(f.Where(x => x.Log10Frequency != null), x => x.Log10Frequency, descending), f.Where(x => x.Log10Frequency == null).OrderBy(x => x.Feature)],
        FeatureSort.Score => [By(f.Where(x => x.TopLabelScore != null), x => x.TopLabelScore, descending), f.Where(x => x.TopLabelScore == null).OrderBy(x => x.Feature)],
        FeatureSort.MaxActivation => [By(f, x => x.MaxActivation, descending)],
        FeatureSort.MeanActivation => [By(f, x => x.MeanActivation, descending)],
        _ => [descending ? f.OrderByDescending(x => x.Feature) : f.OrderBy(x => x.Feature)],
    };

    // A comparison with a parameter, not the bare column: SQLite seeks an index on `TopLabelIsName = ?` only.
    private static IQueryable<FeatureRecord> Labelled(IQueryable<FeatureRecord> features, bool named) =>
        features.Where(x => x.TopLabelIsName == named && x.TopLabel != null);

    private static IQueryable<FeatureRecord> By<T>(IQueryable<FeatureRecord> features, Expression<Func<FeatureRecord, T>> key, bool descending) =>
        (descending ? features.OrderByDescending(key) : features.OrderBy(key)).ThenBy(x => x.Feature);

    /// <summary>Rows skip..skip+take of the runs one after another: a run before the page is only counted.</summary>
    private static async Task<List<int>> PageAsync(IQueryable<FeatureRecord>[] runs, int skip, int take, CancellationToken ct)
    {
        var page = new List<int>(take);
        for (var i = 0; i < runs.Length && page.Count < take; i++)
        {
            if (skip > 0 && i < runs.Length - 1)
            {
                var count = await runs[i].CountAsync(ct);
                if (skip >= count)
                {
                    skip -= count;
                    continue;
                }
            }
            page.AddRange(await runs[i].Skip(skip).Take(take - page.Count).Select(x => x.Feature).ToListAsync(ct));
            skip = 0;
        }
        return page;
    }

    public async Task<FeatureDetail?> GetAsync(int saeId, int feature, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var f = await db.Features.AsNoTracking().SingleOrDefaultAsync(x => x.SaeId == saeId && x.Feature == feature, ct);
        if (f == null) return null;
        var bounds = FeatureBlobs.Unpack<float>(f.BandBounds);
        var bands = FeatureBlobs.UnpackSamples(f.Samples)
            .Select((b, i) => new QuantileBand(i, bounds[2 * i], float.IsFinite(bounds[2 * i + 1]) ? bounds[2 * i + 1] : null, b.Rows, b.Activations)).ToList();
        var histogram = FeatureBlobs.Unpack<int>(f.Histogram);
        return new FeatureDetail(f.Feature, f.TopLabel, f.FiringCount, f.Frequency, f.Log10Frequency, f.MaxActivation,
            f.MeanActivation, histogram, HistogramEdges(histogram.Length), FeatureBlobs.Unpack<int>(f.TopRows),
            FeatureBlobs.Unpack<float>(f.TopActivations), bands, FeatureBlobs.Unpack<int>(f.NeighbourIds),
            FeatureBlobs.Unpack<float>(f.NeighbourCosines), f.TopLabelScore, f.TopLabelIsName, f.TopLabelByPerson);
    }

    /// <summary>How each of <paramref name="features"/> that has a row is named (its name, or unlabelled with its best candidate).</summary>
    public async Task<IReadOnlyDictionary<int, FeatureName>> NamesAsync(int saeId, IEnumerable<int> features, CancellationToken ct = default)
    {
        var wanted = features.Distinct().ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Projected in the query: the rows' statistics blobs are left unread.
        return await db.Features.AsNoTracking().Where(f => f.SaeId == saeId && wanted.Contains(f.Feature))
            .Select(f => new { f.Feature, Name = new FeatureName(f.TopLabel, f.TopLabelIsName, f.TopLabelByPerson, f.TopLabelScore) })
            .ToDictionaryAsync(f => f.Feature, f => f.Name, ct);
    }

    /// <summary>Up to <paramref name="take"/> top activating rows of each of <paramref name="features"/> (group cards show them).</summary>
    public async Task<IReadOnlyDictionary<int, int[]>> TopRowsAsync(int saeId, IEnumerable<int> features, int take, CancellationToken ct = default)
    {
        var wanted = features.Distinct().ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Features.AsNoTracking().Where(f => f.SaeId == saeId && wanted.Contains(f.Feature))
            .Select(f => new { f.Feature, f.TopRows }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Feature, r => FeatureBlobs.Unpack<int>(r.TopRows).Take(take).ToArray());
    }

    /// <summary>log10 firing frequency of every live feature of an SAE (the density plot).</summary>
    public async Task<double[]> Log10FrequenciesAsync(int saeId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Features.AsNoTracking().Where(f => f.SaeId == saeId && f.Log10Frequency != null)
            .Select(f => f.Log10Frequency!.Value).ToArrayAsync(ct);
    }

    /// <summary>Every feature of the SAE that fires on the corpus, by number, with its max activation (what its icon is drawn at).</summary>
    public async Task<IReadOnlyList<(int Feature, float MaxActivation)>> AliveMaxActivationsAsync(int saeId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Features.AsNoTracking().Where(f => f.SaeId == saeId && f.FiringCount > 0).OrderBy(f => f.Feature)
            .Select(f => new { f.Feature, f.MaxActivation }).ToListAsync(ct);
        return rows.Select(f => (f.Feature, f.MaxActivation)).ToList();
    }

    /// <summary>The top label of every feature of the SAE that fires on the corpus: whether it has one, its score and whether it is shown as the name (the workspace report).</summary>
    public async Task<IReadOnlyList<AliveTopLabel>> AliveTopLabelsAsync(int saeId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Features.AsNoTracking().Where(f => f.SaeId == saeId && f.FiringCount > 0)
            .Select(f => new AliveTopLabel(f.TopLabel != null, f.TopLabelScore, f.TopLabelIsName)).ToListAsync(ct);
    }

    /// <summary>
    /// The activation bounds of the index's histogram bins: bin b counts activations in [edges[b], edges[b+1]); the
    /// first bin starts at 0 (exclusive: only firing activations are counted) and the last is open-ended: its upper
    /// edge is null (+infinity has no JSON number).
    /// </summary>
    public static double?[] HistogramEdges(int bins) =>
        Enumerable.Range(0, bins).Select(b => (double?)IndexLayout.BinLowerBound(b))
            .Append(bins > 0 && float.IsFinite(IndexLayout.BinUpperBound(bins - 1)) ? IndexLayout.BinUpperBound(bins - 1) : null).ToArray();
}

/// <summary>An alive feature's top label, as the workspace report counts it.</summary>
public sealed record AliveTopLabel(bool HasLabel, double? Score, bool IsName = false);
