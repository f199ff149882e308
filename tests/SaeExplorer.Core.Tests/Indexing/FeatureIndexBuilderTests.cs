using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SaeExplorer.Core;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Indexing;

namespace SaeExplorer.Core.Tests.Indexing;

public class FeatureIndexBuilderTests
{
    private static void AssertMatches(BruteForceIndex expected, FeatureIndex index, int features, int bands)
    {
        for (int j = 0; j < features; j++)
        {
            FeatureStats s = index[j];
            Assert.Equal(expected.Count[j], s.FiringCount);
            Assert.Equal((double)expected.Count[j] / index.RowCount, s.Frequency);
            Assert.Equal(expected.Max[j], s.MaxActivation);
            Assert.Equal(expected.Sum[j], s.SumActivation, Math.Max(1e-9, expected.Sum[j] * 1e-12));
            if (expected.Count[j] > 0)
                Assert.Equal(expected.Sum[j] / expected.Count[j], s.MeanActivation, Math.Max(1e-9, expected.Sum[j] / expected.Count[j] * 1e-12));
            for (int b = 0; b < IndexLayout.HistogramBins; b++)
                Assert.True(expected.Histogram[j, b] == s.Histogram[b], $"feature {j} bin {b}: {expected.Histogram[j, b]} != {s.Histogram[b]}");
            Assert.Equal(expected.Top[j].Select(x => x.Row).ToArray(), s.TopRows.ToArray());
            Assert.Equal(expected.Top[j].Select(x => x.Act).ToArray(), s.TopActivations.ToArray());
            Assert.Equal(expected.BandTop[j], s.TopBandBin);
            for (int b = 0; b < bands; b++)
            {
                Assert.Equal(expected.Samples[j, b].Select(x => x.Row).ToArray(), s.SampleRows(b).ToArray());
                Assert.Equal(expected.Samples[j, b].Select(x => x.Act).ToArray(), s.SampleActivations(b).ToArray());
                foreach (float a in s.SampleActivations(b))
                {
                    Assert.InRange(a, s.BandLowerBound(b), s.BandUpperBound(b));
                    Assert.True(a < s.BandUpperBound(b));
                }
            }
        }
    }

    [Theory]
    [InlineData(1, 5, 1, 3, 2, 1)]
    [InlineData(97, 7, 4, 4, 3, 10)]
    [InlineData(500, 12, 8, 10, 5, 64)]
    [InlineData(300, 6, 16, 3, 1, 7)]
    public void IdentitySourceMatchesBruteForce(int rows, int features, int k, int bands, int m, int batch)
    {
        float[] data = IndexTestData.Awkward(rows, features, seed: rows + features);
        var options = new FeatureIndexOptions { TopK = k, QuantileBands = bands, SamplesPerBand = m, BatchSize = batch };
        FeatureIndex index = new FeatureIndexBuilder(options)
            .BuildShard(DenseFeatureSource.Identity(features), new InMemoryEmbeddingMatrix(data, features), 0, 1);

        float[] relu = data.Select(x => x > 0 ? x : 0f).ToArray();
        AssertMatches(new BruteForceIndex(relu, rows, features, 0, k, bands, m), index, features, bands);
        Assert.True(index.IsComplete);
        Assert.Equal(rows, index.RowCount);
    }

    [Fact]
    public void FormulaSourceMatchesBruteForceAndIgnoresThreadCount()
    {
        // a(r, j) = ((r * 31 + j * 17) % 97 - 80) / 7 when positive: ~17% firing, many exact ties.
        const int rows = 700, features = 8200;
        static float A(int r, int j) => Math.Max(0f, ((r * 31 + j * 17) % 97 - 80) / 7f);
        var source = new FormulaFeatureSource(features, A);
        InMemoryEmbeddingMatrix embeddings = IndexTestData.RowIds(rows);
        var options = new FeatureIndexOptions { TopK = 16, BatchSize = 128 };

        FeatureIndex one = new FeatureIndexBuilder(options with { MaxDegreeOfParallelism = 1 }).BuildShard(source, embeddings, 0, 1);
        FeatureIndex four = new FeatureIndexBuilder(options with { MaxDegreeOfParallelism = 4 }).BuildShard(source, embeddings, 0, 1);
        Assert.Equal(IndexTestData.Bytes(one), IndexTestData.Bytes(four));

        var dense = new float[rows * features];
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < features; j++)
                dense[r * features + j] = A(r, j);
        int[] check = [0, 1, 2, 96, 97, 4099, 8199];
        var expected = new BruteForceIndex(dense, rows, features, 0, 16, 10, 5);
        foreach (int j in check)
        {
            FeatureStats s = four[j];
            Assert.Equal(expected.Count[j], s.FiringCount);
            Assert.Equal(expected.Max[j], s.MaxActivation);
            Assert.Equal(expected.Top[j].Select(x => x.Row).ToArray(), s.TopRows.ToArray());
            for (int b = 0; b < 10; b++)
                Assert.Equal(expected.Samples[j, b].Select(x => x.Row).ToArray(), s.SampleRows(b).ToArray());
        }
    }

    [Fact]
    public void HistogramBinsFollowTheDocumentedEdges()
    {
        ReadOnlySpan<float> e = IndexLayout.HistogramEdges;
        Assert.Equal(41, e.Length);
        Assert.Equal(0.001f, e[0]);
        Assert.Equal(1f, e[20]);
        Assert.Equal(1000f, e[40]);
        Assert.Equal(0, IndexLayout.BinOf(float.Epsilon));
        Assert.Equal(0, IndexLayout.BinOf(MathF.BitDecrement(0.001f)));
        for (int k = 0; k <= 40; k++)
        {
            Assert.Equal(k + 1, IndexLayout.BinOf(e[k]));
            Assert.Equal(k, IndexLayout.BinOf(MathF.BitDecrement(e[k])));
            Assert.Equal(k + 1, BruteForceIndex.Bin(e[k]));
        }
        Assert.Equal(41, IndexLayout.BinOf(1e30f));
        var random = new Random(3);
        for (int i = 0; i < 100_000; i++)
        {
            float a = MathF.Pow(10, -4 + 8 * random.NextSingle());
            Assert.Equal(BruteForceIndex.Bin(a), IndexLayout.BinOf(a));
        }
    }

    [Fact]
    public void EmptyAndSilentFeaturesAreZero()
    {
        var data = new float[] { -1, 0, 0, -2, 0, 0.5f };
        FeatureIndex index = new FeatureIndexBuilder(new FeatureIndexOptions { TopK = 2 })
            .BuildShard(DenseFeatureSource.Identity(3), new InMemoryEmbeddingMatrix(data, 3), 0, 1);
        FeatureStats silent = index[0];
        Assert.Equal(0, silent.FiringCount);
        Assert.Equal(0, silent.MaxActivation);
        Assert.Equal(0, silent.MeanActivation);
        Assert.Equal(-1, silent.TopBandBin);
        Assert.True(silent.TopRows.IsEmpty);
        Assert.Equal(0, silent.SampleCount(9));
        Assert.Equal(new[] { 1 }, index[2].TopRows.ToArray());
        Assert.Equal(0.5, index[2].MeanActivation);
        Assert.Equal(0.5, index[2].Frequency);
    }

    [Fact]
    public void RejectsNonFiniteActivations()
    {
        var data = new float[] { 1, float.PositiveInfinity };
        var e = Assert.Throws<InvalidDataException>(() => new FeatureIndexBuilder()
            .BuildShard(DenseFeatureSource.Identity(2), new InMemoryEmbeddingMatrix(data, 2), 0, 1));
        Assert.Contains("Feature 1 on row 0", e.Message);
    }

    public static Arbitrary<(int Seed, int Rows, int Features, int Shards, int K, int Bands, int M, int Batch)> Cases() =>
        (from seed in Gen.Choose(0, 1_000_000)
         from rows in Gen.Choose(1, 80)
         from features in Gen.Choose(1, 9)
         from shards in Gen.Choose(1, 4)
         from k in Gen.Choose(1, 6)
         from bands in Gen.Choose(2, 6)
         from m in Gen.Choose(1, 4)
         from batch in Gen.Choose(1, 17)
         select (seed, rows, features, shards, k, bands, m, batch)).ToArbitrary();

    [Property(MaxTest = 150, Arbitrary = [typeof(FeatureIndexBuilderTests)])]
    public void ShardedAndMergedEqualsSingleRunBitForBit((int Seed, int Rows, int Features, int Shards, int K, int Bands, int M, int Batch) c)
    {
        float[] data = IndexTestData.Awkward(c.Rows, c.Features, c.Seed);
        var embeddings = new InMemoryEmbeddingMatrix(data, c.Features);
        DenseFeatureSource source = DenseFeatureSource.Identity(c.Features);
        var builder = new FeatureIndexBuilder(new FeatureIndexOptions { TopK = c.K, QuantileBands = c.Bands, SamplesPerBand = c.M, BatchSize = c.Batch });
        FeatureIndex single = builder.BuildShard(source, embeddings, 0, 1);
        FeatureIndex[] parts = Enumerable.Range(0, c.Shards).Select(i => builder.BuildShard(source, embeddings, i, c.Shards)).ToArray();
        // Merge order must not matter either.
        FeatureIndex merged = FeatureIndex.Merge(parts.Reverse());
        Assert.Equal(IndexTestData.Bytes(single), IndexTestData.Bytes(merged));
        // And merging is exact in stages too.
        if (c.Shards >= 3)
        {
            FeatureIndex left = FeatureIndex.Merge(parts.Take(2));
            Assert.Equal(IndexTestData.Bytes(single), IndexTestData.Bytes(FeatureIndex.Merge(parts.Skip(2).Append(left))));
        }
    }

    /// <summary>Records the batches a builder asks it to encode, by content.</summary>
    private sealed class BatchSpy(IFeatureSource inner) : IFeatureSource
    {
        public List<(int Count, string Rows)> Batches { get; } = [];
        public int InputDimension => inner.InputDimension;
        public int FeatureCount => inner.FeatureCount;

        public void EncodeBatch(ReadOnlySpan<float> rows, int count, Span<float> activations)
        {
            Batches.Add((count, Convert.ToHexString(System.Runtime.InteropServices.MemoryMarshal.AsBytes(rows))));
            inner.EncodeBatch(rows, count, activations);
        }

        public void CopyDecoderRows(int firstFeature, int count, Span<float> destination) => inner.CopyDecoderRows(firstFeature, count, destination);
    }

    [Theory]
    [InlineData(100, 32, 3)]
    [InlineData(100, 7, 4)]
    [InlineData(10, 64, 3)]
    public void ShardsEncodeOnlyTheSingleRunsBatchesSoAnyLibraryRoundsThemAlike(int rows, int batch, int shards)
    {
        var embeddings = new InMemoryEmbeddingMatrix(IndexTestData.Awkward(rows, 5, 9), 5);
        var builder = new FeatureIndexBuilder(new FeatureIndexOptions { TopK = 3, BatchSize = batch });
        var single = new BatchSpy(DenseFeatureSource.Identity(5));
        builder.BuildShard(single, embeddings, 0, 1);

        var sharded = new BatchSpy(DenseFeatureSource.Identity(5));
        for (var i = 0; i < shards; i++) builder.BuildShard(sharded, embeddings, i, shards);

        Assert.Equal((rows + batch - 1) / batch, single.Batches.Count);
        Assert.All(sharded.Batches, b => Assert.Contains(b, single.Batches)); // same rows, same shape
        Assert.True(sharded.Batches.Count <= single.Batches.Count + shards - 1, "at most one batch shared per shard boundary");
    }

    [Fact]
    public void MergeRejectsGapsOverlapsAndMismatchedParts()
    {
        float[] data = IndexTestData.Awkward(40, 3, 1);
        var embeddings = new InMemoryEmbeddingMatrix(data, 3);
        DenseFeatureSource source = DenseFeatureSource.Identity(3);
        var builder = new FeatureIndexBuilder();
        FeatureIndex a = builder.BuildRange(source, embeddings, 0, 10);
        FeatureIndex b = builder.BuildRange(source, embeddings, 12, 40);
        FeatureIndex c = builder.BuildRange(source, embeddings, 5, 40);
        Assert.Contains("adjacent", Assert.Throws<ArgumentException>(() => FeatureIndex.Merge([a, b])).Message);
        Assert.Contains("adjacent", Assert.Throws<ArgumentException>(() => FeatureIndex.Merge([a, c])).Message);
        FeatureIndex other = new FeatureIndexBuilder(new FeatureIndexOptions { TopK = 3 }).BuildRange(source, embeddings, 10, 40);
        Assert.Contains("top-3", Assert.Throws<ArgumentException>(() => FeatureIndex.Merge([a, other])).Message);
    }

    [Fact]
    public void ReportsProgressPerBatch()
    {
        var reports = new List<IndexBuildProgress>();
        new FeatureIndexBuilder(new FeatureIndexOptions { BatchSize = 16 }).BuildShard(
            DenseFeatureSource.Identity(2), new InMemoryEmbeddingMatrix(IndexTestData.Awkward(100, 2, 2), 2), 1, 2,
            new SyncProgress<IndexBuildProgress>(reports.Add));
        // Rows 50..100 in the corpus's grid of 16: 50..64 (14 rows), 64..80, 80..96, 96..100.
        Assert.Equal(new long[] { 0, 14, 30, 46, 50 }, reports.Select(r => r.RowsDone).ToArray());
        Assert.All(reports, r => Assert.Equal(50, r.RowsTotal));
    }

    [Fact]
    public void NpyAdapterReadsTheSameRows()
    {
        using var dir = new Imaging.TempDirectory();
        string path = dir.File("e.npy");
        float[] data = IndexTestData.Awkward(33, 4, 9);
        using (var writer = SaeExplorer.Core.Embeddings.NpyWriter.Create(path, 4))
        {
            for (int r = 0; r < 33; r++)
                writer.WriteRow(data.AsSpan(r * 4, 4));
            writer.Complete();
        }
        using SaeExplorer.Core.Embeddings.NpyFile file = SaeExplorer.Core.Embeddings.NpyFile.Open(path);
        var builder = new FeatureIndexBuilder(new FeatureIndexOptions { BatchSize = 5 });
        DenseFeatureSource source = DenseFeatureSource.Identity(4);
        Assert.Equal(
            IndexTestData.Bytes(builder.BuildShard(source, new InMemoryEmbeddingMatrix(data, 4), 0, 1)),
            IndexTestData.Bytes(builder.BuildShard(source, file, 0, 1)));
    }

    [Fact]
    public void DenseSourceComputesReluOfAffineMap()
    {
        const int d = 5, f = 7, rows = 3;
        float[] w = IndexTestData.Gaussian(d * f, 1), bias = IndexTestData.Gaussian(f, 2), x = IndexTestData.Gaussian(rows * d, 3);
        var source = new DenseFeatureSource(d, f, w, bias, IndexTestData.Gaussian(d * f, 4));
        var y = new float[rows * f];
        source.EncodeBatch(x, rows, y);
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < f; j++)
            {
                double z = bias[j];
                for (int i = 0; i < d; i++)
                    z += x[r * d + i] * w[i * f + j];
                Assert.Equal(Math.Max(0, z), y[r * f + j], 1e-5);
            }
    }
}
