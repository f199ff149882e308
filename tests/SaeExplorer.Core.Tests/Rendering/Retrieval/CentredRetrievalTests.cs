using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Rendering.Retrieval;
using SaeExplorer.Core.Tests.Imaging;
using static SaeExplorer.Core.Tests.Rendering.Retrieval.RetrievalCorpora;

namespace SaeExplorer.Core.Tests.Rendering.Retrieval;

/// <summary>Retrieval with centred norms scores cos(x - mean, q): checked against float64 brute force over the centred rows.</summary>
public sealed class CentredRetrievalTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(7, 3, Storage.Memory)]
    [InlineData(1023, 17, Storage.Float32File)]
    [InlineData(2000, 64, Storage.Float16File)]
    public void ScoresAreCosinesOfTheRowsMeasuredFromTheirMean(int rows, int dims, Storage storage)
    {
        // Rows far from the origin (an offset of 5 on every axis): uncentred cosines would all be near 1.
        float[] data = Gaussian(rows * dims, rows).Select(v => v + 5f).ToArray();
        var corpus = Create(data, dims, storage, _temp.Path);
        try
        {
            float[] query = Gaussian(dims, 7);
            var options = new RetrievalOptions { Top = 12, BlockRows = 100, Exclude = [1] };
            var hits = ExactRetrieval.Nearest(corpus, RowNorms.Centred(corpus, options), query, options);

            var mean = new double[dims];
            var row = new float[dims];
            for (var r = 0; r < rows; r++)
            {
                corpus.ReadRows(r, 1, row);
                for (var j = 0; j < dims; j++) mean[j] += row[j] / (double)rows;
            }
            var reference = Enumerable.Range(0, rows).Where(r => r != 1).Select(r =>
                {
                    corpus.ReadRows(r, 1, row);
                    var centred = row.Select((v, j) => (float)(v - mean[j])).ToArray();
                    return (Row: r, Score: BruteForceCosine.Cosine(centred, query));
                })
                .OrderByDescending(h => h.Score).ThenBy(h => h.Row).Take(12).ToList();

            Assert.Equal(reference.Count, hits.Length);
            for (var i = 0; i < hits.Length; i++) Assert.Equal(reference[i].Score, hits[i].Score, 3e-5);
            Assert.DoesNotContain(hits, h => h.Row == 1);
        }
        finally
        {
            (corpus as IDisposable)?.Dispose();
        }
    }

    [Fact]
    public void TheCacheKeepsPlainAndCentredNormsApart()
    {
        var path = Path.Combine(_temp.Path, "c.npy");
        using (var writer = NpyWriter.Create(path, 2))
        {
            writer.WriteRow([3, 4]);
            writer.WriteRow([5, 4]);
            writer.Complete();
        }
        using var file = NpyFile.Open(path);
        var cache = new RowNormCache();
        Assert.Equal(5f, cache.For(file)[0]);
        Assert.Equal(1f, cache.For(file, centred: true)[0]); // mean (4, 4): (3, 4) is 1 away
        Assert.Equal([4f, 4f], cache.For(file, centred: true).Center!);
        Assert.Null(cache.For(file).Center);
    }
}
