using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Rendering.Retrieval;
using SaeExplorer.Core.Tests.Imaging;

namespace SaeExplorer.Core.Tests.Rendering.Retrieval;

public sealed class RowNormCacheTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Write(string name, float[] data, int columns, NpyDType dtype = NpyDType.Float32)
    {
        string path = _temp.File(name);
        using NpyWriter writer = NpyWriter.Create(path, columns, dtype);
        writer.WriteRows(data);
        writer.Complete();
        return path;
    }

    [Fact]
    public void NormsAreTheRowsLengthsInEitherDType()
    {
        float[] data = [3, 4, 0, 0, 1, 1, -5, 12];
        foreach (NpyDType dtype in new[] { NpyDType.Float32, NpyDType.Float16 })
        {
            using NpyFile file = NpyFile.Open(Write($"n-{dtype}.npy", data, 2, dtype));
            RowNorms norms = RowNorms.Compute(file, new RetrievalOptions { BlockRows = 3 });
            Assert.Equal([5f, 0f, MathF.Sqrt(2), 13f], Enumerable.Range(0, norms.Rows).Select(r => norms[r]));
        }
    }

    [Fact]
    public void OneFileIsComputedOnceAndARewrittenOneAgain()
    {
        var cache = new RowNormCache();
        string path = Write("a.npy", [3, 4, 6, 8], 2);
        using (NpyFile first = NpyFile.Open(path))
        using (NpyFile again = NpyFile.Open(path))
        {
            RowNorms norms = cache.For(first);
            Assert.Same(norms, cache.For(again)); // another handle on the same, unchanged file
            Assert.Equal(10f, norms[1]);
        }

        Write("a.npy", [0, 1, 1, 0, 0, 2], 2); // a new file renamed onto the path: new write time and shape
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
        using NpyFile rewritten = NpyFile.Open(path);
        RowNorms fresh = cache.For(rewritten);
        Assert.Equal(3, fresh.Rows);
        Assert.Equal(2f, fresh[2]);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void TheOldestFilesGoPastCapacity()
    {
        var cache = new RowNormCache(capacity: 2);
        NpyFile[] files = [.. Enumerable.Range(0, 3).Select(i => NpyFile.Open(Write($"f{i}.npy", [i + 1f], 1)))];
        try
        {
            RowNorms first = cache.For(files[0]);
            cache.For(files[1]);
            cache.For(files[2]);
            Assert.Equal(2, cache.Count);
            Assert.NotSame(first, cache.For(files[0])); // recomputed: it had been evicted
            Assert.Equal(1f, cache.For(files[0])[0]);
        }
        finally
        {
            Array.ForEach(files, f => f.Dispose());
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => new RowNormCache(0));
    }
}
