using Microsoft.EntityFrameworkCore;
using SaeExplorer.Core.Indexing;

namespace SaeExplorer.Data.Features;

/// <summary>
/// Writes a built <see cref="FeatureIndex"/> into the Features table and the SAE's count of alive features, in one
/// transaction, as one bulk insert (EF change tracking would cost minutes at 81,920 features).
/// </summary>
public sealed class FeatureIndexStore(IDbContextFactory<SaexDbContext> dbFactory)
{
    private static readonly string[] Columns =
    [
        "SaeId", "Feature", "FiringCount", "Frequency", "Log10Frequency", "MaxActivation", "MeanActivation",
        "Histogram", "TopRows", "TopActivations", "TopBandBin", "Samples", "BandBounds", "NeighbourIds", "NeighbourCosines",
    ];

    /// <summary>Replaces the SAE's feature rows (and the searchable copies of their top labels) with <paramref name="index"/>; returns how many features fire.</summary>
    public async Task<int> WriteAsync(int saeId, FeatureIndex index, CancellationToken ct = default)
    {
        if (!index.IsComplete) throw new ArgumentException("only a complete index (all corpus rows) can be stored", nameof(index));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Dialect.BeginWriteAsync(ct);
        await db.Features.Where(f => f.SaeId == saeId).ExecuteDeleteAsync(ct);
        await db.Dialect.ClearFeatureLabelsAsync(saeId, ct);
        await db.Dialect.InsertRowsAsync("Features", Columns, Enumerable.Range(0, index.FeatureCount).Select(f => Row(saeId, f, index)), ct);
        var alive = Enumerable.Range(0, index.FeatureCount).Count(f => index[f].FiringCount > 0);
        // An SAE brought as a file has no held-out L0 from training: its mean over the corpus stands in.
        double? l0 = index.RowCount == 0 ? null : Enumerable.Range(0, index.FeatureCount).Sum(f => (double)index[f].FiringCount) / index.RowCount;
        await db.Saes.Where(s => s.Id == saeId).ExecuteUpdateAsync(u => u.SetProperty(s => s.AliveFeatures, alive)
            .SetProperty(s => s.L0, s => s.L0 ?? l0), ct);
        await tx.CommitAsync(ct);
        return alive;
    }

    private static object?[] Row(int saeId, int f, FeatureIndex index)
    {
        var s = index[f];
        return
        [
            saeId, f, s.FiringCount, s.Frequency, s.FiringCount > 0 ? Math.Log10(s.Frequency) : null, s.MaxActivation, s.MeanActivation,
            FeatureBlobs.Pack(s.Histogram), FeatureBlobs.Pack(s.TopRows), FeatureBlobs.Pack(s.TopActivations), s.TopBandBin,
            FeatureBlobs.PackSamples(Enumerable.Range(0, index.QuantileBands).Select(b => (s.SampleRows(b).ToArray(), s.SampleActivations(b).ToArray())).ToList()),
            FeatureBlobs.Pack<float>(Enumerable.Range(0, index.QuantileBands).SelectMany(b => new[] { s.BandLowerBound(b), s.BandUpperBound(b) }).ToArray()),
            FeatureBlobs.Pack(s.NeighbourIds), FeatureBlobs.Pack(s.NeighbourCosines),
        ];
    }
}
