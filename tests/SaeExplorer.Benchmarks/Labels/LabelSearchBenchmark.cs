using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using SaeExplorer.Data.Labels;

namespace SaeExplorer.Benchmarks.Labels;

/// <summary>
/// Full-text search over 100,000 labels (FTS5, bm25, highlighted, top 50) against a plain indexed lookup of one
/// feature's labels (the (SaeId, Feature) index), on the same SQLite file.
/// </summary>
public class LabelSearchBenchmark
{
    private const int Labels = 100_000, Features = 10_000;
    private static readonly string[] Words = ["red", "striped", "sky", "dog", "water", "metal", "texture", "face", "grass", "wheel", "night", "text"];
    private LabelBenchDatabase _db = null!;
    private LabelSearchQueries _search = null!;

    [GlobalSetup]
    public void Setup()
    {
        _db = new LabelBenchDatabase(Features, users: 1);
        _search = new LabelSearchQueries(_db.Factory);
        var random = new Random(11);
        using var db = _db.Factory.CreateDbContext();
        var now = DateTimeOffset.UtcNow;
        for (var start = 0; start < Labels; start += 10_000)
        {
            for (var i = start; i < start + 10_000; i++)
            {
                var text = $"{Words[random.Next(Words.Length)]} {Words[random.Next(Words.Length)]} {Words[random.Next(Words.Length)]} {i}";
                db.Labels.Add(new LabelRecord { SaeId = _db.SaeId, Feature = i % Features, Text = text, Source = LabelSource.Human, CreatedAt = now, EditedAt = now, Version = 1 });
            }
            db.SaveChanges(); // the triggers fill the FTS table
            db.ChangeTracker.Clear();
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _db.Dispose();

    [Benchmark(Baseline = true, Description = "indexed lookup: one feature's labels")]
    public async Task<int> IndexedLookup()
    {
        await using var db = await _db.Factory.CreateDbContextAsync();
        return (await db.Labels.AsNoTracking().Where(l => l.SaeId == _db.SaeId && l.Feature == 4321).Select(l => l.Text).ToListAsync()).Count;
    }

    [Benchmark(Description = "FTS5 search 'striped sky', top 50 by bm25, highlighted")]
    public async Task<int> FullTextSearch() => (await _search.SearchAsync("striped sky")).Count;
}
