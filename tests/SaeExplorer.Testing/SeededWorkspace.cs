using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Indexing;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Sae.Model;
using SaeExplorer.Core.Settings;
using SaeExplorer.Data;
using SaeExplorer.Data.Corpus;
using SaeExplorer.Data.Features;
using SaeExplorer.Data.Jobs;
using SaeExplorer.Data.Labels;
using SaeExplorer.Data.Providers;
using SaeExplorer.Data.Saes;
using SaeExplorer.Data.Transfer;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Extensions;
using static TorchSharp.torch;

namespace SaeExplorer.Testing;

/// <summary>
/// A migrated SQLite database holding one ready workspace written by hand, for page tests that need no pipeline: a
/// signed-axis SAE (d_in 4, d_sae 8: feature j &lt; 4 is relu(x_j), feature j &gt;= 4 is relu(-x_(j-4)), unit decoder rows
/// along the same axes, no biases), six embedding rows whose codes can be read off by eye, their corpus images, the
/// features' index rows computed from those codes, two autointerp labels (written as labels are), one skipped image and the three finished jobs.
/// </summary>
public sealed class SeededWorkspace : IDisposable
{
    public const string Name = "demo";
    public const int DIn = 4;
    public const int DSae = 8;

    /// <summary>Row r is the embedding of image "img-r".</summary>
    public static readonly float[][] Rows =
    [
        [3, 0, -1, 0.5f],   // f0 = 3, f6 = 1, f3 = 0.5
        [0, 2, 0, 0],       // f1 = 2
        [1, 1, 1, 1],       // f0..f3 = 1
        [-2, 0, 0, 0],      // f4 = 2
        [0, 0, 4, -3],      // f2 = 4, f7 = 3
        [0.25f, 0, 0, 0],   // f0 = 0.25
    ];

    public static readonly string[] Categories = ["red", "green", "blue", "red", "blue", "red"];

    /// <summary>Labels written for two features; the others have none.</summary>
    public static readonly IReadOnlyDictionary<int, string> Labels = new Dictionary<int, string> { [0] = "red things", [2] = "blue sky" };

    /// <summary>An image the corpus lists but the encoder skipped.</summary>
    public const string SkippedImage = "broken-1";

    private SeededWorkspace(string directory, IDbContextFactory<SaexDbContext> factory, EmbeddingSpace space)
    {
        Directory = directory;
        Factory = factory;
        Space = space;
    }

    /// <summary>The space the workspace records: ResNet18's unless a test asks for another (a CLIP one, for text search).</summary>
    public EmbeddingSpace Space { get; }

    public string Directory { get; }

    public IDbContextFactory<SaexDbContext> Factory { get; }

    public SaexOptions Options => new() { DataDirectory = Directory, Database = Path.Combine(Directory, "saex.db"), DemoWorkspace = Name };

    public int WorkspaceId { get; private set; }

    public int SaeId { get; private set; }

    /// <summary>Caption of image "img-r".</summary>
    public static string Caption(int row) => $"a {Categories[row]} test picture, number {row}";

    /// <summary>The dense code of row r under the seeded SAE.</summary>
    public static float[] Code(int row)
    {
        var f = new float[DSae];
        for (var j = 0; j < DIn; j++)
        {
            f[j] = Math.Max(0, Rows[row][j]);
            f[j + DIn] = Math.Max(0, -Rows[row][j]);
        }
        return f;
    }

    public static async Task<SeededWorkspace> CreateAsync(EmbeddingSpace? space = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "saex-seeded", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir);
        var options = new DbContextOptionsBuilder<SaexDbContext>().UseSqlite(SaexDatabase.ConnectionString(Path.Combine(dir, "saex.db"))).Options;
        var seeded = new SeededWorkspace(dir, new PooledDbContextFactory<SaexDbContext>(options),
            space ?? new EmbeddingSpace("resnet18", "ResNet18.onnx", DIn, "sha256:0123456789abcdef"));
        await seeded.SeedAsync();
        return seeded;
    }

    /// <summary>
    /// What the pages inject, over this database (add MudBlazor and bUnit's JS interop yourself). Options are bound as
    /// the app binds them, from a configuration that names this folder and the CPU, and <paramref name="settings"/>
    /// ("Section:Key" = value); every other value is its default.
    /// </summary>
    public IServiceCollection AddTo(IServiceCollection services, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"{SaexOptions.Section}:{nameof(SaexOptions.DataDirectory)}"] = Options.DataDirectory,
                [$"{SaexOptions.Section}:{nameof(SaexOptions.Database)}"] = Options.Database,
                [$"{SaexOptions.Section}:{nameof(SaexOptions.DemoWorkspace)}"] = Options.DemoWorkspace,
                [$"{EncoderOptions.Section}:{nameof(EncoderOptions.Device)}"] = "cpu",
            })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        services.AddSingleton(Factory);
        services.AddSingleton(new Core.Imaging.ImageLoader());
        services.AddLogging();
        services.TryAddSingleton<Microsoft.Extensions.Hosting.IHostApplicationLifetime, Microsoft.Extensions.Hosting.Internal.ApplicationLifetime>();
        services.AddSaexOptions(config);
        services.AddSaexStores();
        return services.AddSaexPageServices();
    }

    private async Task SeedAsync()
    {
        var saePath = Path.Combine(Directory, "sae");
        var npyPath = Path.Combine(Directory, "embeddings.npy");
        WriteSae(saePath);
        using (var writer = NpyWriter.Create(npyPath, DIn, NpyDType.Float32, withRowIds: true))
        {
            for (var r = 0; r < Rows.Length; r++) writer.WriteRow(Rows[r], $"img-{r}");
            writer.Complete();
        }

        await using var db = await Factory.CreateDbContextAsync();
        await SaexDatabase.MigrateAsync(db);
        var now = DateTimeOffset.UtcNow;
        var ws = new Workspace
        {
            Name = Name, CorpusPath = Directory, ImportedFrom = Directory, EmbeddingsPath = npyPath, State = WorkspaceState.Ready,
            CreatedAt = now, UpdatedAt = now,
        };
        ws.RecordSpace(Space);
        for (var r = 0; r < Rows.Length; r++)
            ws.Images.Add(new CorpusImage
            {
                ExternalId = $"img-{r}", File = $"images/img-{r}.jpg", Hash = $"{r:x2}", Category = Categories[r],
                Description = Caption(r), EmbeddingRow = r, Width = 96, Height = 80,
            });
        ws.Images.Add(new CorpusImage { ExternalId = SkippedImage, File = "images/broken-1.jpg", Hash = "", SkipReason = "not an image" });
        (ws.ImageCount, ws.EncodedCount, ws.SkippedCount) = (Rows.Length + 1, Rows.Length, 1); // as the import records them
        db.Workspaces.Add(ws);
        await db.SaveChangesAsync();
        WorkspaceId = ws.Id;

        var sae = new WorkspaceSae
        {
            WorkspaceId = ws.Id, Name = "demo-sae", Origin = "trained", Path = saePath, Architecture = "standard", DIn = DIn, DSae = DSae,
            IsActive = true, ExplainedVariance = 0.75, L0 = 1.5, DeadShare = 0.25, AliveFeatures = DSae - 1, CreatedAt = now,
        };
        db.Saes.Add(sae);
        await db.SaveChangesAsync();
        // Importing is the workspace's stage; training and indexing its SAE's.
        foreach (var (stage, title) in new[] { ("import", "import the corpus"), ("train", "train SAE"), ("index", "index features") })
            db.Jobs.Add(new PreparationJob
            {
                WorkspaceId = ws.Id, SaeId = stage == "import" ? null : sae.Id, Stage = stage, Title = title, Attempt = 1, State = JobState.Succeeded,
                StartedAt = now, EndedAt = now,
            });
        await db.SaveChangesAsync();
        SaeId = sae.Id;

        for (var f = 0; f < DSae; f++) db.Features.Add(Record(sae.Id, f));
        await db.SaveChangesAsync();
        // Through the labels' own write path, so TopLabel, its search row and the label rows agree.
        var labels = new LabelStore(Factory);
        foreach (var (feature, label) in Labels)
            await labels.AddAsync(new LabelTarget.OfFeature(sae.Id, feature), label, authorId: null, LabelSource.Autointerp("decoder-direction"), score: 0.9);
    }

    /// <summary>The index row of feature f, computed from the seeded codes: top rows strongest first (ties by row).</summary>
    private static FeatureRecord Record(int saeId, int f)
    {
        var firing = Enumerable.Range(0, Rows.Length).Select(r => (Row: r, A: Code(r)[f])).Where(x => x.A > 0)
            .OrderByDescending(x => x.A).ThenBy(x => x.Row).ToList();
        var histogram = new int[IndexLayout.HistogramBins];
        foreach (var x in firing) histogram[IndexLayout.BinOf(x.A)]++;
        var neighbour = (f + DIn) % DSae; // the opposite direction: decoder cosine -1
        return new FeatureRecord
        {
            SaeId = saeId, Feature = f, FiringCount = firing.Count, Frequency = firing.Count / (double)Rows.Length,
            Log10Frequency = firing.Count > 0 ? Math.Log10(firing.Count / (double)Rows.Length) : null,
            MaxActivation = firing.Count > 0 ? firing[0].A : 0, MeanActivation = firing.Count > 0 ? firing.Average(x => x.A) : 0,
            Histogram = FeatureBlobs.Pack<int>(histogram),
            TopRows = FeatureBlobs.Pack<int>(firing.Select(x => x.Row).ToArray()),
            TopActivations = FeatureBlobs.Pack<float>(firing.Select(x => x.A).ToArray()),
            TopBandBin = firing.Count > 0 ? IndexLayout.BinOf(firing[0].A) : 0,
            Samples = FeatureBlobs.PackSamples([(firing.Select(x => x.Row).ToArray(), firing.Select(x => x.A).ToArray())]),
            BandBounds = FeatureBlobs.Pack<float>([0f, float.PositiveInfinity]),
            NeighbourIds = FeatureBlobs.Pack<int>([neighbour]),
            NeighbourCosines = FeatureBlobs.Pack<float>([-1f]),
        };
    }

    private static void WriteSae(string folder)
    {
        var wEnc = new float[DIn * DSae];
        var wDec = new float[DSae * DIn];
        for (var j = 0; j < DIn; j++)
        {
            wEnc[j * DSae + j] = 1;
            wEnc[j * DSae + j + DIn] = -1;
            wDec[j * DIn + j] = 1;
            wDec[(j + DIn) * DIn + j] = -1;
        }
        using var we = tensor(wEnc, [DIn, DSae]);
        using var be = zeros(DSae);
        using var wd = tensor(wDec, [DSae, DIn]);
        using var bd = zeros(DIn);
        using var sae = new SparseAutoencoder(new SaeConfig(SaeArchitecture.Standard, DIn, DSae) { ApplyBDecToInput = true }, we, be, wd, bd);
        SaeLensSaver.Save(sae, folder);
    }

    /// <summary>
    /// The seeded database copied into a new database on <paramref name="server"/> (ids kept): its connection string, and
    /// the settings that point the app at it.
    /// </summary>
    public async Task<(string Connection, IReadOnlyDictionary<string, string?> Settings)> CopyToPostgresAsync(PrivatePostgres server)
    {
        var connection = server.NewDatabase();
        await DatabaseCopy.CopyAsync(DatabaseTarget.Of(DatabaseProvider.Sqlite, Options.Database),
            DatabaseTarget.Of(DatabaseProvider.Postgres, connection), (_, _) => { });
        return (connection, new Dictionary<string, string?> { ["Saex:DatabaseProvider"] = "postgres", ["Saex:Database"] = connection });
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { } // best effort
    }
}
