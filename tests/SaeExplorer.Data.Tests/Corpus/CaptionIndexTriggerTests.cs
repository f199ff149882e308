using Microsoft.EntityFrameworkCore;

namespace SaeExplorer.Data.Tests.Corpus;

/// <summary>The migration's triggers keep the FTS5 caption index in step with CorpusImages.</summary>
public sealed class CaptionIndexTriggerTests : IDisposable
{
    private readonly TestDatabase _database = new();

    // Straight at the index, without joining CorpusImages: a stale entry would show here.
    private static Task<List<int>> IndexHitsAsync(SaexDbContext db, string fts) =>
        db.Database.SqlQuery<int>($"SELECT rowid AS Value FROM ImageCaptionSearch WHERE ImageCaptionSearch MATCH {fts} ORDER BY rowid").ToListAsync();

    [Fact]
    public async Task InsertUpdateAndDeleteReachTheIndex()
    {
        await using var db = await _database.MigratedAsync();
        var ws = TestDatabase.WorkspaceWith("w", "a dog on a beach", "a cat on a sofa");
        ws.Images[1].Category = "pets";
        ws.Images[1].Subcategory = "indoor";
        db.Workspaces.Add(ws);
        await db.SaveChangesAsync();
        int dog = ws.Images[0].Id, cat = ws.Images[1].Id;

        Assert.Equal([dog], await IndexHitsAsync(db, "beach"));
        Assert.Equal([cat], await IndexHitsAsync(db, "pets"));
        Assert.Equal([cat], await IndexHitsAsync(db, "indoor"));

        ws.Images[0].Description = "a horse in a field";
        await db.SaveChangesAsync();
        Assert.Empty(await IndexHitsAsync(db, "beach"));
        Assert.Equal([dog], await IndexHitsAsync(db, "horse"));

        db.CorpusImages.Remove(ws.Images[1]);
        await db.SaveChangesAsync();
        Assert.Empty(await IndexHitsAsync(db, "cat OR pets OR indoor"));

        // Deleting a workspace cascades to its images, and so to the index.
        db.Workspaces.Remove(ws);
        await db.SaveChangesAsync();
        Assert.Empty(await IndexHitsAsync(db, "horse"));
    }

    public void Dispose() => _database.Dispose();
}
