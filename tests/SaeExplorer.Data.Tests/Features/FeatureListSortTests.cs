using SaeExplorer.Core.Labeling;
using SaeExplorer.Data.Features;
using SaeExplorer.Data.Providers;
using SaeExplorer.Data.Saes;

namespace SaeExplorer.Data.Tests.Features;

/// <summary>
/// The feature list's sorts, walked as runs of indexes, page for page against the order worked out in memory: named
/// features by name, then candidates, then the unlabelled; dead features and unscored labels last either way; ties by
/// number. Seeded random features with ties, NULLs and pages that straddle the runs.
/// </summary>
public abstract class FeatureListSortTests(DatabaseProvider provider) : IDisposable
{
    private const int Count = 41;
    private readonly TestDatabase _database = new(provider);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task EverySortPagesAsTheReferenceOrder(int seed)
    {
        var (saeId, features) = await SeededAsync(new Random(seed));
        var list = new FeatureQueries(_database.Factory);
        foreach (var sort in Enum.GetValues<FeatureSort>())
            foreach (var descending in new[] { false, true })
            {
                var expected = Reference(features, sort, descending);
                foreach (var (skip, take) in new[] { (0, 50), (0, 7), (3, 7), (11, 9), (17, 13), (25, 1), (29, 20), (40, 5), (41, 5), (60, 5) })
                {
                    var (total, rows) = await list.ListAsync(saeId, new FeatureListQuery { Sort = sort, Descending = descending }, skip, take);
                    Assert.Equal(Count, total);
                    Assert.True(expected.Skip(skip).Take(take).SequenceEqual(rows.Select(r => r.Feature)),
                        $"{sort} {(descending ? "desc" : "asc")} skip {skip} take {take}: expected [{string.Join(",", expected.Skip(skip).Take(take))}], " +
                        $"got [{string.Join(",", rows.Select(r => r.Feature))}]");
                }
            }
    }

    [Fact]
    public async Task FiltersKeepTheSortsOrder()
    {
        var (saeId, features) = await SeededAsync(new Random(7));
        var list = new FeatureQueries(_database.Factory);
        var query = new FeatureListQuery { Sort = FeatureSort.Label, Descending = true, Alive = true, MinScore = 0.5 };
        var expected = Reference(features, FeatureSort.Label, true)
            .Where(f => features[f].FiringCount > 0 && features[f].TopLabelScore >= 0.5).ToList();
        var (total, rows) = await list.ListAsync(saeId, query, 2, 6);
        Assert.Equal(expected.Count, total);
        Assert.Equal(expected.Skip(2).Take(6), rows.Select(r => r.Feature));
    }

    [Fact]
    public async Task NamesAreReadForTheAskedFeaturesOnly()
    {
        var (saeId, features) = await SeededAsync(new Random(11));
        var names = await new FeatureQueries(_database.Factory).NamesAsync(saeId, [40, 0, 5, 5, Count + 3]);
        Assert.Equal([0, 5, 40], names.Keys.Order());
        foreach (var f in names.Keys)
            Assert.Equal(new FeatureName(features[f].TopLabel, features[f].TopLabelIsName, features[f].TopLabelByPerson, features[f].TopLabelScore), names[f]);
    }

    private static List<int> Reference(IReadOnlyList<FeatureRecord> features, FeatureSort sort, bool descending)
    {
        IEnumerable<FeatureRecord> By<T>(IEnumerable<FeatureRecord> run, Func<FeatureRecord, T> key) =>
            (descending ? run.OrderByDescending(key, Comparer<T>.Default) : run.OrderBy(key, Comparer<T>.Default)).ThenBy(f => f.Feature);
        IEnumerable<FeatureRecord> order = sort switch
        {
            FeatureSort.Label => By(features.Where(f => f.TopLabelIsName && f.TopLabel != null), f => f.TopLabel!)
                .Concat(By(features.Where(f => !f.TopLabelIsName && f.TopLabel != null), f => f.TopLabel!))
                .Concat(features.Where(f => f.TopLabel == null).OrderBy(f => f.Feature)),
            FeatureSort.Frequency => By(features.Where(f => f.Log10Frequency != null), f => f.Log10Frequency!.Value)
                .Concat(features.Where(f => f.Log10Frequency == null).OrderBy(f => f.Feature)),
            FeatureSort.Score => By(features.Where(f => f.TopLabelScore != null), f => f.TopLabelScore!.Value)
                .Concat(features.Where(f => f.TopLabelScore == null).OrderBy(f => f.Feature)),
            FeatureSort.MaxActivation => By(features, f => f.MaxActivation),
            FeatureSort.MeanActivation => By(features, f => f.MeanActivation),
            _ => descending ? features.OrderByDescending(f => f.Feature) : features.OrderBy(f => f.Feature),
        };
        return order.Select(f => f.Feature).ToList();
    }

    /// <summary>Features drawn from few values, so every sort has ties, and with NULLs: dead ones, unlabelled ones, unscored labels.</summary>
    private async Task<(int SaeId, IReadOnlyList<FeatureRecord> Features)> SeededAsync(Random random)
    {
        await using var db = await _database.MigratedAsync();
        var ws = TestDatabase.WorkspaceWith("sorts");
        db.Workspaces.Add(ws);
        await db.SaveChangesAsync();
        var sae = new WorkspaceSae
        {
            WorkspaceId = ws.Id, Name = "sae", Origin = "trained", Path = "sae", Architecture = "standard", DIn = 4, DSae = Count,
            IsActive = true, CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Saes.Add(sae);
        await db.SaveChangesAsync();
        string[] words = ["apple", "boat", "cat", "dog", "river"];
        var features = new List<FeatureRecord>();
        for (var f = 0; f < Count; f++)
        {
            var dead = random.Next(5) == 0;
            var label = random.Next(4) == 0 ? null : words[random.Next(words.Length)];
            features.Add(new FeatureRecord
            {
                SaeId = sae.Id, Feature = f, FiringCount = dead ? 0 : random.Next(1, 4), Frequency = dead ? 0 : 0.01,
                Log10Frequency = dead ? null : -1 - random.Next(3), MaxActivation = dead ? 0 : random.Next(1, 4),
                MeanActivation = dead ? 0 : random.Next(1, 4) / 2.0,
                TopLabel = label, TopLabelIsName = label != null && random.Next(2) == 0,
                TopLabelScore = label == null || random.Next(4) == 0 ? null : random.Next(4) / 4.0,
                Histogram = [], TopRows = [], TopActivations = [], Samples = [], BandBounds = [], NeighbourIds = [], NeighbourCosines = [],
            });
        }
        db.Features.AddRange(features);
        await db.SaveChangesAsync();
        return (sae.Id, features);
    }

    public void Dispose() => _database.Dispose();
}

public sealed class FeatureListSortTestsOnSqlite() : FeatureListSortTests(DatabaseProvider.Sqlite);

public sealed class FeatureListSortTestsOnPostgres() : FeatureListSortTests(DatabaseProvider.Postgres);
