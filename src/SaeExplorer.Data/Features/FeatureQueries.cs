using Microsoft.EntityFrameworkCore;
using SaeExplorer.Data.Corpus;

namespace SaeExplorer.Data.Features;

/// <summary>Reads for the feature list, the feature page and the API.</summary>
public static class FeatureQueries
{
    public const int StripImages = 4;

    public static async Task<(int Total, IReadOnlyList<FeatureListRow> Rows)> ListAsync(
        SaexDbContext db, int saeId, FeatureListQuery query, int skip, int take, CancellationToken ct = default)
    {
        var features = db.Features.AsNoTracking().Where(f => f.SaeId == saeId);
        if (query.Alive is { } alive) features = alive ? features.Where(f => f.FiringCount > 0) : features.Where(f => f.FiringCount == 0);
        if (query.MinLog10Frequency is { } min) features = features.Where(f => f.Log10Frequency >= min);
        if (query.MaxLog10Frequency is { } max) features = features.Where(f => f.Log10Frequency <= max);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var text = query.Search.Trim().TrimStart('#');
            if (int.TryParse(text, out var number)) features = features.Where(f => f.Feature == number);
            else
            {
                var matches = await LabelSearch.MatchAsync(db, saeId, query.Search, ct);
                features = features.Where(f => matches.Contains(f.Feature));
            }
        }
        features = (query.Sort, query.Descending) switch
        {
            (FeatureSort.Label, false) => features.OrderBy(f => f.TopLabel == null).ThenBy(f => f.TopLabel).ThenBy(f => f.Feature),
            (FeatureSort.Label, true) => features.OrderBy(f => f.TopLabel == null).ThenByDescending(f => f.TopLabel).ThenBy(f => f.Feature),
            // Dead features (no frequency) stay last either way.
            (FeatureSort.Frequency, false) => features.OrderBy(f => f.Log10Frequency == null).ThenBy(f => f.Log10Frequency).ThenBy(f => f.Feature),
            (FeatureSort.Frequency, true) => features.OrderBy(f => f.Log10Frequency == null).ThenByDescending(f => f.Log10Frequency).ThenBy(f => f.Feature),
            (FeatureSort.MaxActivation, false) => features.OrderBy(f => f.MaxActivation).ThenBy(f => f.Feature),
            (FeatureSort.MaxActivation, true) => features.OrderByDescending(f => f.MaxActivation).ThenBy(f => f.Feature),
            (FeatureSort.MeanActivation, false) => features.OrderBy(f => f.MeanActivation).ThenBy(f => f.Feature),
            (FeatureSort.MeanActivation, true) => features.OrderByDescending(f => f.MeanActivation).ThenBy(f => f.Feature),
            (_, false) => features.OrderBy(f => f.Feature),
            (_, true) => features.OrderByDescending(f => f.Feature),
        };
        var total = await features.CountAsync(ct);
        var page = await features.Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 0, 500))
            .Select(f => new { f.Feature, f.TopLabel, f.Log10Frequency, f.MaxActivation, f.MeanActivation, f.FiringCount, f.TopRows })
            .ToListAsync(ct);
        return (total, page.Select(f => new FeatureListRow(f.Feature, f.TopLabel, f.Log10Frequency, f.MaxActivation,
            f.MeanActivation, f.FiringCount, FeatureBlobs.Unpack<int>(f.TopRows).Take(StripImages).ToArray())).ToList());
    }

    public static async Task<FeatureDetail?> GetAsync(SaexDbContext db, int saeId, int feature, CancellationToken ct = default)
    {
        var f = await db.Features.AsNoTracking().SingleOrDefaultAsync(x => x.SaeId == saeId && x.Feature == feature, ct);
        if (f == null) return null;
        var bounds = FeatureBlobs.Unpack<float>(f.BandBounds);
        var bands = FeatureBlobs.UnpackSamples(f.Samples)
            .Select((b, i) => new QuantileBand(i, bounds[2 * i], bounds[2 * i + 1], b.Rows, b.Activations)).ToList();
        return new FeatureDetail(f.Feature, f.TopLabel, f.FiringCount, f.Frequency, f.Log10Frequency, f.MaxActivation,
            f.MeanActivation, FeatureBlobs.Unpack<int>(f.Histogram), FeatureBlobs.Unpack<int>(f.TopRows),
            FeatureBlobs.Unpack<float>(f.TopActivations), bands, FeatureBlobs.Unpack<int>(f.NeighbourIds),
            FeatureBlobs.Unpack<float>(f.NeighbourCosines));
    }

    /// <summary>log10 firing frequency of every live feature of an SAE (the density plot).</summary>
    public static async Task<double[]> Log10FrequenciesAsync(SaexDbContext db, int saeId, CancellationToken ct = default) =>
        await db.Features.AsNoTracking().Where(f => f.SaeId == saeId && f.Log10Frequency != null)
            .Select(f => f.Log10Frequency!.Value).ToArrayAsync(ct);

    /// <summary>Corpus images of a workspace by embedding row.</summary>
    public static async Task<IReadOnlyDictionary<int, ImageRef>> ImagesAsync(SaexDbContext db, int workspaceId, IEnumerable<int> rows, CancellationToken ct = default)
    {
        var wanted = rows.Distinct().ToList();
        var found = await db.CorpusImages.AsNoTracking()
            .Where(i => i.WorkspaceId == workspaceId && i.EmbeddingRow != null && wanted.Contains(i.EmbeddingRow.Value))
            .Select(i => new ImageRef(i.EmbeddingRow, i.ExternalId, i.Description, i.Category, i.Url))
            .ToListAsync(ct);
        return found.ToDictionary(i => i.Row!.Value);
    }
}

/// <summary>A corpus image as pages show it; <see cref="Row"/> is null for an image that was not encoded.</summary>
public sealed record ImageRef(int? Row, string Id, string? Description, string? Category, string? Url)
{
    /// <summary>Caption, else category, for tiles and alt text.</summary>
    public string Caption => Description ?? Category ?? Id;

    /// <summary>The image's web address when it is a safe one to show or fetch (http/https), else null.</summary>
    public string? WebUrl => Core.Corpus.WebUrl.Parse(Url)?.AbsoluteUri;
}

public sealed record QuantileBand(int Band, float Lower, float Upper, int[] Rows, float[] Activations);

public sealed record FeatureDetail(
    int Feature, string? TopLabel, long FiringCount, double Frequency, double? Log10Frequency,
    float MaxActivation, double MeanActivation, int[] Histogram, int[] TopRows, float[] TopActivations,
    IReadOnlyList<QuantileBand> Bands, int[] NeighbourIds, float[] NeighbourCosines);
