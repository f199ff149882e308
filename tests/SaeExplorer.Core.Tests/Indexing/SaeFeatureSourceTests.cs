using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Indexing;
using SaeExplorer.Core.Sae.Loading;

namespace SaeExplorer.Core.Tests.Indexing;

/// <summary>The real SAE (the SAELens fixture) through the index builder agrees with its own encoder.</summary>
public class SaeFeatureSourceTests
{
    private static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", "sae", .. parts]);

    [Fact]
    public void IndexOfTheFixtureSaeMatchesItsDenseActivations()
    {
        using var sae = SaeLoader.Load(Fixture("saelens"));
        using var embeddings = NpyFile.Open(Fixture("embeddings.npy"));
        var source = new SaeFeatureSource(sae);

        var index = new FeatureIndexBuilder(new FeatureIndexOptions { TopK = 3, NeighbourCount = 2 }).Build(source, embeddings);

        var dense = Enumerable.Range(0, (int)embeddings.Rows).Select(r =>
        {
            var row = new float[embeddings.Columns];
            embeddings.ReadRow(r, row);
            return sae.Encode(row);
        }).ToArray();
        for (var j = 0; j < sae.DSae; j++)
        {
            var column = dense.Select(d => d[j]).ToArray();
            var stats = index[j];
            Assert.Equal(column.Count(a => a > 0), stats.FiringCount);
            Assert.Equal(column.Max(), stats.MaxActivation, 5);
            var expectedTop = column.Select((a, r) => (a, r)).Where(t => t.a > 0).OrderByDescending(t => t.a).ThenBy(t => t.r).Take(3).Select(t => t.r);
            Assert.Equal(expectedTop, stats.TopRows.ToArray());
        }
        var decoder = new float[2 * sae.DIn];
        source.CopyDecoderRows(5, 2, decoder);
        Assert.Equal(sae.DecoderRow(6), decoder[sae.DIn..]);
    }
}
