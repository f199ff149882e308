using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Data;

namespace SaeExplorer.Benchmarks.Features;

/// <summary>
/// Server render of the feature page and the feature API on a synthetic index of 81,920 features x 64
/// top images over 100,000 corpus images, served by Kestrel on loopback. Percentile columns give p50/p95.
/// </summary>
[Config(typeof(PercentileConfig))]
public class FeaturePageBenchmark
{
    private const int Features = 81_920, TopK = 64, Images = 100_000;
    private WebApplicationFactory<SaeExplorer.Web.Components.App> _app = null!;
    private HttpClient _client = null!;
    private string _dir = null!;
    private readonly Random _random = new(7);

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "saex-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        _app = new WebApplicationFactory<SaeExplorer.Web.Components.App>().WithWebHostBuilder(b =>
        {
            b.UseContentRoot(SaeExplorer.Core.Settings.SaexPaths.Root);
            b.UseSetting("Saex:DataDirectory", _dir);
            b.UseSetting("Saex:Database", Path.Combine(_dir, "saex.db"));
            b.UseSetting("Saex:DemoPack", ""); // no preparation: the index below stands in for it
            b.UseSetting("Logging:LogLevel:Default", "Warning");
        });
        _app.UseKestrel(0);
        _app.StartServer();
        _client = _app.CreateClient();
        var clock = Stopwatch.StartNew();
        Seed(_app.Services.GetRequiredService<IDbContextFactory<SaexDbContext>>());
        Console.WriteLine($"// seeded {Features:N0} features x {TopK} top images in {clock.Elapsed.TotalSeconds:F1} s");
    }

    private static void Seed(IDbContextFactory<SaexDbContext> dbFactory)
    {
        using var db = dbFactory.CreateDbContext();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        connection.Open();
        using var tx = connection.BeginTransaction();
        Exec(connection, tx, """
            INSERT INTO Workspaces (Name, SpacePreset, SpaceModel, EmbeddingDimension, CorpusPath, ImportedFrom, State, CreatedAt, UpdatedAt)
            VALUES ('bench', 'clip-vit-bigg-14', 'model.onnx', 1280, '/nonexistent', '/nonexistent', 'Ready', 0, 0);
            INSERT INTO Jobs (WorkspaceId, Stage, Title, Attempt, State, Done, Total, StartedAt)
            VALUES (1, 'import', 'import the corpus', 1, 'Succeeded', 0, 0, 0), (1, 'train', 'train SAE', 1, 'Succeeded', 0, 0, 0),
                   (1, 'index', 'index features', 1, 'Succeeded', 0, 0, 0);
            INSERT INTO Saes (WorkspaceId, Name, Origin, Path, Architecture, DIn, DSae, IsActive, TrainingSteps, TrainingSeconds, CreatedAt)
            VALUES (1, 'bench', 'saelens', '/nonexistent', 'standard', 1280, 81920, 1, 0, 0, 0);
            """);
        using (var image = Prepared(connection, tx, "INSERT INTO CorpusImages (WorkspaceId, ExternalId, File, Category, Description, Width, Height, Hash, EmbeddingRow) VALUES (1, $id, $file, 'bench', $d, 224, 224, '00', $row)", "$id", "$file", "$d", "$row"))
            for (var r = 0; r < Images; r++)
            {
                image.Parameters["$id"].Value = $"img{r:D6}";
                image.Parameters["$file"].Value = $"images/{r:D6}.jpg";
                image.Parameters["$d"].Value = $"a synthetic caption for image {r}";
                image.Parameters["$row"].Value = r;
                image.ExecuteNonQuery();
            }
        var random = new Random(1);
        using (var feature = Prepared(connection, tx, """
                   INSERT INTO Features (SaeId, Feature, FiringCount, Frequency, Log10Frequency, MaxActivation, MeanActivation, Histogram,
                                         TopRows, TopActivations, TopBandBin, Samples, BandBounds, NeighbourIds, NeighbourCosines)
                   VALUES (1, $f, 500, 0.005, -2.3, $max, 1.5, $hist, $rows, $acts, 30, $samples, $bounds, $nids, $ncos)
                   """, "$f", "$max", "$hist", "$rows", "$acts", "$samples", "$bounds", "$nids", "$ncos"))
            for (var f = 0; f < Features; f++)
            {
                var acts = Enumerable.Range(0, TopK).Select(i => 10f - i * 0.1f).ToArray();
                feature.Parameters["$f"].Value = f;
                feature.Parameters["$max"].Value = acts[0];
                feature.Parameters["$hist"].Value = SaeExplorer.Data.Features.FeatureBlobs.Pack<int>(Enumerable.Range(0, 42).Select(i => random.Next(50)).ToArray());
                feature.Parameters["$rows"].Value = SaeExplorer.Data.Features.FeatureBlobs.Pack<int>(Enumerable.Range(0, TopK).Select(_ => random.Next(Images)).ToArray());
                feature.Parameters["$acts"].Value = SaeExplorer.Data.Features.FeatureBlobs.Pack<float>(acts);
                feature.Parameters["$samples"].Value = SaeExplorer.Data.Features.FeatureBlobs.PackSamples(Enumerable.Range(0, 10)
                    .Select(_ => (Enumerable.Range(0, 5).Select(_ => random.Next(Images)).ToArray(), new[] { 1f, 0.9f, 0.8f, 0.7f, 0.6f })).ToList());
                feature.Parameters["$bounds"].Value = SaeExplorer.Data.Features.FeatureBlobs.Pack<float>(Enumerable.Range(0, 20).Select(i => 10f - i * 0.5f).ToArray());
                feature.Parameters["$nids"].Value = SaeExplorer.Data.Features.FeatureBlobs.Pack<int>(Enumerable.Range(0, 10).Select(_ => random.Next(Features)).ToArray());
                feature.Parameters["$ncos"].Value = SaeExplorer.Data.Features.FeatureBlobs.Pack<float>(Enumerable.Range(0, 10).Select(i => 0.9f - i * 0.05f).ToArray());
                feature.ExecuteNonQuery();
            }
        tx.Commit();
    }

    private static void Exec(SqliteConnection c, SqliteTransaction tx, string sql)
    {
        using var command = c.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static SqliteCommand Prepared(SqliteConnection c, SqliteTransaction tx, string sql, params string[] names)
    {
        var command = c.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var name in names) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        command.Prepare();
        return command;
    }

    private sealed class PercentileConfig : ManualConfig
    {
        public PercentileConfig() => AddColumn(StatisticColumn.P50, StatisticColumn.P95);
    }

    /// <summary>Baseline: the smallest page the app serves over the same stack.</summary>
    [Benchmark(Baseline = true)]
    public Task<string> NotFoundPage() => _client.GetStringAsync("/features/nope/1");

    [Benchmark]
    public Task<string> FeaturePage() => _client.GetStringAsync($"/features/bench/{_random.Next(Features)}");

    [Benchmark]
    public Task<string> FeatureApi() => _client.GetStringAsync($"/api/workspaces/bench/features/{_random.Next(Features)}");

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _app.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
