using Microsoft.Extensions.Caching.Memory;
using SaeExplorer.Data.Features;

namespace SaeExplorer.Web.Services.Features;

/// <summary>
/// The feature-density histogram of an SAE (log10 firing frequency of every live feature, in
/// 0.25-decade bins). It is the same on every feature page, and reading 81,920 frequencies per
/// render would dominate the page's cost, so it is computed once per SAE and kept a while.
/// </summary>
public sealed class FeatureDensityCache(FeatureQueries features, IMemoryCache cache)
{
    private const double BinWidth = 0.25;
    private static readonly TimeSpan Keep = TimeSpan.FromMinutes(10);

    public async Task<IReadOnlyList<(double X, double Count)>> GetAsync(int saeId, CancellationToken ct = default) =>
        (await cache.GetOrCreateAsync(("density", saeId), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Keep;
            return Bin(await features.Log10FrequenciesAsync(saeId, ct));
        }))!;

    public static IReadOnlyList<(double X, double Count)> Bin(double[] log10Frequencies) =>
        log10Frequencies.GroupBy(v => Math.Floor(v / BinWidth)).OrderBy(g => g.Key)
            .Select(g => (Math.Round((g.Key + 0.5) * BinWidth, 3), (double)g.Count())).ToList();
}
