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
        features = (query.Sort, query.Descending) switch
        {
            // Named features first, by name; the unlabelled (a candidate or nothing) after them.
            (FeatureSort.Label, false) => features.OrderBy(f => !f.TopLabelIsName).ThenBy(f => f.TopLabel == null).ThenBy(f => f.TopLabel).ThenBy(f => f.Feature),
            (FeatureSort.Label, true) => features.OrderBy(f => !f.TopLabelIsName).ThenBy(f => f.TopLabel == null).ThenByDescending(f => f.TopLabel).ThenBy(f => f.Feature),
            // Dead features (no frequency) stay last either way.
            (FeatureSort.Frequency, false) => features.OrderBy(f => f.Log10Frequency == null).ThenBy(f => f.Log10Frequency).ThenBy(f => f.Feature),
            (FeatureSort.Frequency, true) => features.OrderBy(f => f.Log10Frequency == null).ThenByDescending(f => f.Log10Frequency).ThenBy(f => f.Feature),
            (FeatureSort.MaxActivation, false) => features.OrderBy(f => f.MaxActivation).ThenBy(f => f.Feature),
            (FeatureSort.MaxActivation, true) => features.OrderByDescending(f => f.MaxActivation).ThenBy(f => f.Feature),
            (FeatureSort.MeanActivation, false) => features.OrderBy(f => f.MeanActivation).ThenBy(f => f.Feature),
            (FeatureSort.MeanActivation, true) => features.OrderByDescending(f => f.MeanActivation).ThenBy(f => f.Feature),
            (FeatureSort.Score, false) => features.OrderBy(f => f.TopLabelScore == null).ThenBy(f => f.TopLabelScore).ThenBy(f => f.Feature),
            (FeatureSort.Score, true) => features.OrderBy(f => f.TopLabelScore == null).ThenByDescending(f => f.TopLabelScore).ThenBy(f => f.Feature),
            (_, false) => features.OrderBy(f => f.Feature),
            (_, true) => features.OrderByDescending(f => f.Feature),
        };
        var total = await features.CountAsync(ct);
        // First the page's feature numbers (the list index covers every column sorted and filtered by), then their rows.
        var numbers = await features.Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 0, 500)).Select(f => f.Feature).ToListAsync(ct);
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
        return await db.Features.AsNoTracking().Where(f => f.SaeId == saeId && wanted.Contains(f.Feature))
            .ToDictionaryAsync(f => f.Feature, f => new FeatureName(f.TopLabel, f.TopLabelIsName, f.TopLabelByPerson, f.TopLabelScore), ct);
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
