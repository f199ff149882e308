using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Indexing;

namespace SaeExplorer.Core.Tests.Indexing;

public class NearestFeaturesTests
{
    [Theory]
    [InlineData(300, 24, 10, 37, 50)]
    [InlineData(64, 8, 10, 1024, 8192)]
    [InlineData(5, 3, 10, 2, 2)]
    public void MatchesBruteForceCosines(int features, int dIn, int count, int blockRows, int blockColumns)
    {
        float[] decoder = IndexTestData.Gaussian(features * dIn, features);
        Array.Clear(decoder, 3 * dIn, dIn); // a dead feature: cosine 0 with everything
        var source = new DenseFeatureSource(dIn, features, new float[dIn * features], new float[features], decoder);
        NearestFeatures nearest = NearestFeatures.Compute(source, count, blockRows, blockColumns);

        int k = Math.Min(count, features - 1);
        Assert.Equal(k, nearest.Count);
        var norms = new double[features];
        for (int i = 0; i < features; i++)
            norms[i] = Math.Sqrt(Enumerable.Range(0, dIn).Sum(c => (double)decoder[i * dIn + c] * decoder[i * dIn + c]));
        double Cos(int a, int b) => norms[a] == 0 || norms[b] == 0 ? 0
            : Enumerable.Range(0, dIn).Sum(c => (double)decoder[a * dIn + c] * decoder[b * dIn + c]) / (norms[a] * norms[b]);

        for (int i = 0; i < features; i++)
        {
            double[] expected = Enumerable.Range(0, features).Where(o => o != i).Select(o => Cos(i, o))
                .OrderByDescending(x => x).Take(k).ToArray();
            ReadOnlySpan<int> ids = nearest.IdsOf(i);
            ReadOnlySpan<float> cos = nearest.CosinesOf(i);
            Assert.Equal(k, ids.Length);
            Assert.Equal(k, ids.ToArray().Distinct().Count());
            for (int r = 0; r < k; r++)
            {
                Assert.NotEqual(i, ids[r]);
                // Robust to near-ties: the chosen neighbour's true cosine is the r-th best.
                Assert.Equal(expected[r], Cos(i, ids[r]), 1e-5);
                Assert.Equal(expected[r], cos[r], 1e-5);
                if (r > 0)
                    Assert.True(cos[r - 1] >= cos[r]);
            }
        }
    }

    [Fact]
    public void ExactTiesGoToTheLowerFeature()
    {
        // Features 1..4 are the same direction; 0 is orthogonal to them.
        float[] decoder = [0, 1, 1, 0, 2, 0, 1, 0, 3, 0];
        var source = new DenseFeatureSource(2, 5, new float[10], new float[5], decoder);
        NearestFeatures nearest = NearestFeatures.Compute(source, 2, 2, 3);
        Assert.Equal(new[] { 2, 3 }, nearest.IdsOf(1).ToArray());
        Assert.Equal(new[] { 1, 2 }, nearest.IdsOf(4).ToArray());
        Assert.Equal(new[] { 1, 2 }, nearest.IdsOf(0).ToArray());
        Assert.Equal(0f, nearest.CosinesOf(0)[0]);
    }

    [Fact]
    public void BuildAttachesNeighboursAndTheyPersist()
    {
        var source = new DenseFeatureSource(4, 6, IndexTestData.Gaussian(24, 1), new float[6], IndexTestData.Gaussian(24, 2));
        var embeddings = new InMemoryEmbeddingMatrix(IndexTestData.Gaussian(40, 3), 4);
        FeatureIndex index = new FeatureIndexBuilder(new FeatureIndexOptions { NeighbourCount = 3 }).Build(source, embeddings);
        NearestFeatures direct = NearestFeatures.Compute(source, 3);
        for (int j = 0; j < 6; j++)
        {
            Assert.Equal(direct.IdsOf(j).ToArray(), index[j].NeighbourIds.ToArray());
            Assert.Equal(direct.CosinesOf(j).ToArray(), index[j].NeighbourCosines.ToArray());
        }
        using var stream = new MemoryStream(IndexTestData.Bytes(index));
        FeatureIndex loaded = FeatureIndex.Load(stream);
        Assert.Equal(index[5].NeighbourIds.ToArray(), loaded[5].NeighbourIds.ToArray());
        Assert.Equal(IndexTestData.Bytes(index), IndexTestData.Bytes(loaded));
    }
}
