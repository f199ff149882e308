using BenchmarkDotNet.Attributes;
using SaeExplorer.Data.Labels;

namespace SaeExplorer.Benchmarks.Labels;

/// <summary>
/// 200 label writes (each one IMMEDIATE transaction: the label, its first revision, the feature's top label and its
/// search row) from 50 concurrent writers, against the same 200 writes from one writer, on SQLite (WAL) on disk.
/// </summary>
public class LabelWriteBenchmark
{
    private const int Writers = 50, WritesEach = 4, Features = 1000;
    private LabelBenchDatabase _db = null!;
    private LabelStore _labels = null!;
    private int _round;

    [GlobalSetup]
    public void Setup()
    {
        _db = new LabelBenchDatabase(Features, Writers);
        _labels = new LabelStore(_db.Factory);
    }

    [GlobalCleanup]
    public void Cleanup() => _db.Dispose();

    [Benchmark(Baseline = true, Description = "200 label writes, one writer")]
    public async Task OneWriter()
    {
        var round = Interlocked.Increment(ref _round);
        for (var w = 0; w < Writers; w++)
            for (var i = 0; i < WritesEach; i++)
                await _labels.AddAsync(Target(w, i), $"label {round}-{w}-{i}", _db.UserIds[w]);
    }

    [Benchmark(Description = "200 label writes, 50 concurrent writers")]
    public async Task FiftyWriters()
    {
        var round = Interlocked.Increment(ref _round);
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < WritesEach; i++) await _labels.AddAsync(Target(w, i), $"label {round}-{w}-{i}", _db.UserIds[w]);
        })));
    }

    private LabelTarget Target(int writer, int i) => new LabelTarget.OfFeature(_db.SaeId, (writer * WritesEach + i) % Features);
}
