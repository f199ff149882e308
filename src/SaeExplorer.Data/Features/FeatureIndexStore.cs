using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SaeExplorer.Core.Indexing;

namespace SaeExplorer.Data.Features;

/// <summary>
/// Writes a built <see cref="FeatureIndex"/> into the Features table: one transaction, one prepared
/// insert reused for every feature (EF change tracking would cost minutes at 81,920 features).
/// </summary>
public static class FeatureIndexStore
{
    public static async Task WriteAsync(SaexDbContext db, int saeId, FeatureIndex index, CancellationToken ct = default)
    {
        if (!index.IsComplete) throw new ArgumentException("only a complete index (all corpus rows) can be stored", nameof(index));
        await using var bulk = await BulkWrite.BeginAsync(db, ct);
        await bulk.ExecuteAsync("DELETE FROM Features WHERE SaeId = $sae; DELETE FROM FeatureLabelSearch WHERE SaeId = $sae;", "$sae", saeId, ct);

        await using var insert = bulk.Command("""
            INSERT INTO Features (SaeId, Feature, FiringCount, Frequency, Log10Frequency, MaxActivation, MeanActivation,
                                  Histogram, TopRows, TopActivations, TopBandBin, Samples, BandBounds, NeighbourIds, NeighbourCosines)
            VALUES ($sae, $f, $count, $freq, $log, $max, $mean, $hist, $rows, $acts, $band, $samples, $bounds, $nids, $ncos)
            """);
        var p = new Dictionary<string, SqliteParameter>();
        foreach (var name in new[] { "$sae", "$f", "$count", "$freq", "$log", "$max", "$mean", "$hist", "$rows", "$acts", "$band", "$samples", "$bounds", "$nids", "$ncos" })
            p[name] = insert.Parameters.Add(new SqliteParameter { ParameterName = name });
        insert.Prepare();

        p["$sae"].Value = saeId;
        for (var f = 0; f < index.FeatureCount; f++)
        {
            ct.ThrowIfCancellationRequested();
            var s = index[f];
            p["$f"].Value = f;
            p["$count"].Value = s.FiringCount;
            p["$freq"].Value = s.Frequency;
            p["$log"].Value = s.FiringCount > 0 ? Math.Log10(s.Frequency) : DBNull.Value;
            p["$max"].Value = s.MaxActivation;
            p["$mean"].Value = s.MeanActivation;
            p["$hist"].Value = FeatureBlobs.Pack(s.Histogram);
            p["$rows"].Value = FeatureBlobs.Pack(s.TopRows);
            p["$acts"].Value = FeatureBlobs.Pack(s.TopActivations);
            p["$band"].Value = s.TopBandBin;
            p["$samples"].Value = FeatureBlobs.PackSamples(Enumerable.Range(0, index.QuantileBands)
                .Select(b => (s.SampleRows(b).ToArray(), s.SampleActivations(b).ToArray())).ToList());
            p["$bounds"].Value = FeatureBlobs.Pack<float>(Enumerable.Range(0, index.QuantileBands)
                .SelectMany(b => new[] { s.BandLowerBound(b), s.BandUpperBound(b) }).ToArray());
            p["$nids"].Value = FeatureBlobs.Pack(s.NeighbourIds);
            p["$ncos"].Value = FeatureBlobs.Pack(s.NeighbourCosines);
            await insert.ExecuteNonQueryAsync(ct);
        }
        await bulk.CommitAsync(ct);
    }
}
