using Microsoft.EntityFrameworkCore;
using SaeExplorer.Data.Accounts;
using SaeExplorer.Data.Features;
using SaeExplorer.Data.Labels;
using SaeExplorer.Data.Providers;
using SaeExplorer.Data.Saes;
using SaeExplorer.Testing;

namespace SaeExplorer.Data.Tests.Labels;

/// <summary>
/// The label stores over a migrated database holding workspace "demo" with an SAE of <see cref="DSae"/> indexed features,
/// two of them labelled by an autointerp run through the labels' own write path ("red things" on 0 and "blue sky" on 2,
/// score 0.9 each), and lara, a labeller.
/// </summary>
public abstract class LabelledDatabase(DatabaseProvider provider) : IAsyncLifetime
{
    public const int DSae = 8;

    private readonly TestDatabase _database = new(provider);

    protected IDbContextFactory<SaexDbContext> Factory => _database.Factory;

    protected int SaeId { get; private set; }

    protected LabelStore Labels { get; private set; } = null!;

    protected AutoLabelStore AutoLabels { get; private set; } = null!;

    /// <summary>lara's user id.</summary>
    protected string Lara { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await using (var db = await _database.MigratedAsync())
        {
            var ws = TestDatabase.WorkspaceWith("demo");
            db.Workspaces.Add(ws);
            await db.SaveChangesAsync();
            var sae = new WorkspaceSae
            {
                WorkspaceId = ws.Id, Name = "demo-sae", Origin = "trained", Path = "sae", Architecture = "standard", DIn = 4, DSae = DSae,
                IsActive = true, CreatedAt = DateTimeOffset.UtcNow,
            };
            db.Saes.Add(sae);
            await db.SaveChangesAsync();
            SaeId = sae.Id;
            for (var f = 0; f < DSae; f++)
                db.Features.Add(new FeatureRecord
                {
                    SaeId = sae.Id, Feature = f, FiringCount = 1, Frequency = 0.5, Log10Frequency = Math.Log10(0.5), MaxActivation = 1, MeanActivation = 1,
                    Histogram = [], TopRows = [], TopActivations = [], Samples = [], BandBounds = [], NeighbourIds = [], NeighbourCosines = [],
                });
            await db.SaveChangesAsync();
        }
        Labels = new LabelStore(Factory);
        AutoLabels = new AutoLabelStore(Factory);
        foreach (var (feature, text) in new[] { (0, "red things"), (2, "blue sky") })
            await Labels.AddAsync(Feature(feature), text, authorId: null, LabelSource.Autointerp("decoder-direction"), score: 0.9);
        Lara = await TestUsers.AddAsync(Factory, "lara", SaexRoles.Labeller);
    }

    public Task DisposeAsync()
    {
        _database.Dispose();
        return Task.CompletedTask;
    }

    protected LabelTarget.OfFeature Feature(int f) => new(SaeId, f);

    protected async Task<FeatureRecord> RecordAsync(int f)
    {
        await using var db = await Factory.CreateDbContextAsync();
        return await db.Features.AsNoTracking().SingleAsync(x => x.SaeId == SaeId && x.Feature == f);
    }

    /// <summary>The feature list's label search.</summary>
    protected async Task<List<int>> SearchFeaturesAsync(string text)
    {
        await using var db = await Factory.CreateDbContextAsync();
        return (await db.Dialect.MatchFeatureLabelsAsync(SaeId, text, CancellationToken.None)).ToList();
    }
}
