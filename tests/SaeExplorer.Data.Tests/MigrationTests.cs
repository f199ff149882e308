using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Data.Jobs;
using SaeExplorer.Data.Workspaces;

namespace SaeExplorer.Data.Tests;

/// <summary>A database made before the jobs table upgrades without losing what its workspaces had done.</summary>
public sealed class MigrationTests : IDisposable
{
    private readonly TestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task UpgradingMovesStagesIntoJobsAndTheEncoderIntoTheSpace()
    {
        await using (var old = _database.NewContext())
        {
            Directory.CreateDirectory(Path.GetDirectoryName(old.Database.GetDbConnection().DataSource)!);
            await old.GetService<IMigrator>().MigrateAsync("20261127134804_CorpusSources");
            await old.Database.ExecuteSqlRawAsync("""
                INSERT INTO Workspaces (Name, EncoderPreset, EmbeddingDimension, CorpusPath, ImportedFrom, EmbeddingsPath, State,
                                        Stage, StageDone, StageTotal, Error, CompletedStages, CreatedAt, UpdatedAt)
                VALUES ('demo', 'resnet18', 512, 'data/demo', NULL, 'data/workspaces/demo/embeddings.npy', 'Ready',
                        NULL, 0, 0, NULL, 'encode,train,index', 0, 0),
                       ('laion', 'shipped with the corpus (ClipRetrieval)', 768, '/srv/pack', '/srv/laion', '/srv/pack/embeddings.npy', 'Failed',
                        'train SAE', 10, 40, 'train SAE: out of memory', 'import', 0, 0);
                """);
        }

        await using var db = await _database.MigratedAsync();

        var demo = await db.Workspaces.AsNoTracking().SingleAsync(w => w.Name == "demo");
        Assert.Equal(new EmbeddingSpace("resnet18", "resnet18", 512), demo.Space);
        Assert.Equal("data/demo", demo.ImportedFrom); // the demo's source is its pack
        Assert.Equal(["import", "train", "index"], await StagesAsync(db, demo.Id, JobState.Succeeded));

        var laion = await db.Workspaces.AsNoTracking().SingleAsync(w => w.Name == "laion");
        Assert.Equal(EmbeddingSpace.ShippedPreset, laion.Space!.Preset);
        Assert.Equal(768, laion.Space.Dimension);
        Assert.Equal(["import"], await StagesAsync(db, laion.Id, JobState.Succeeded));
        var failed = await db.Jobs.AsNoTracking().SingleAsync(j => j.WorkspaceId == laion.Id && j.State == JobState.Failed);
        Assert.Equal(("train", "train SAE", 10, 40, "train SAE: out of memory"), (failed.Stage, failed.Title, failed.Done, failed.Total, failed.Error));
    }

    [Fact]
    public async Task UpgradingCountsEachWorkspacesImagesOnce()
    {
        await using (var old = _database.NewContext())
        {
            Directory.CreateDirectory(Path.GetDirectoryName(old.Database.GetDbConnection().DataSource)!);
            await old.GetService<IMigrator>().MigrateAsync("20261206175015_FeatureSortIndexes");
            await old.Database.ExecuteSqlRawAsync("""
                INSERT INTO Workspaces (Id, Name, CorpusPath, ImportedFrom, EmbeddingDimension, State, CreatedAt, UpdatedAt)
                VALUES (1, 'a', 'c', 'c', 4, 'Ready', 0, 0), (2, 'b', 'c', 'c', 4, 'Ready', 0, 0), (3, 'empty', 'c', 'c', 4, 'Preparing', 0, 0);
                INSERT INTO CorpusImages (WorkspaceId, ExternalId, File, Width, Height, Hash, EmbeddingRow, SkipReason)
                VALUES (1, 'x', '', 0, 0, '', 0, NULL), (1, 'y', '', 0, 0, '', 1, NULL), (1, 'z', '', 0, 0, '', NULL, 'not an image'),
                       (2, 'x', '', 0, 0, '', NULL, 'empty file');
                """);
        }

        await using var db = await _database.MigratedAsync();

        var counts = await db.Workspaces.AsNoTracking().OrderBy(w => w.Id).Select(w => new { w.ImageCount, w.EncodedCount, w.SkippedCount }).ToListAsync();
        Assert.Equal([(3, 2, 1), (1, 0, 1), (0, 0, 0)], counts.Select(c => (c.ImageCount, c.EncodedCount, c.SkippedCount)));
    }

    private static async Task<List<string>> StagesAsync(SaexDbContext db, int workspaceId, JobState state) =>
        await db.Jobs.AsNoTracking().Where(j => j.WorkspaceId == workspaceId && j.State == state).OrderBy(j => j.Id).Select(j => j.Stage).ToListAsync();
}
