using SaeExplorer.Core.Corpus.Import;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Indexing;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Tests.Imaging;
using SaeExplorer.Scale;

namespace SaeExplorer.Core.Tests.Scale;

public class SyntheticScaleTests
{
    private static readonly ScaleSpec Spec = new(Rows: 700, Features: 512, Dimension: 64, ActivePerRow: 6, ShardRows: 300, Seed: 7, Threshold: 1.2f);

    private static async Task<string> Generate(TempDirectory dir, string name, ScaleSpec spec)
    {
        string folder = dir.File(name);
        var dictionary = new SyntheticDictionary(spec);
        SyntheticSae.Write(dictionary, folder);
        await SyntheticCorpusWriter.WriteAsync(dictionary, Path.Combine(folder, "corpus"));
        return folder;
    }

    [Fact]
    public void NeighbouringRowsShareNoMoreAtomsThanChance()
    {
        // Each row draws 16 of 2,048 atoms with a skew toward low numbers; two unrelated rows share about one on average.
        // (With per-row streams that overlapped, rows r and r + 2 shared 15.)
        var spec = new ScaleSpec(Rows: 64, Features: 2048, Dimension: 8, ActivePerRow: 16, Seed: 5);
        var dictionary = new SyntheticDictionary(spec);
        var atoms = new int[64][];
        for (int r = 0; r < 64; r++)
        {
            atoms[r] = new int[spec.ActivePerRow];
            SyntheticRows.Make(dictionary, r, new float[spec.Dimension], atoms[r], new float[spec.ActivePerRow]);
        }
        foreach (int offset in new[] { 1, 2, 3, 4 })
        {
            double shared = Enumerable.Range(0, 64 - offset).Average(r => atoms[r].Intersect(atoms[r + offset]).Count());
            Assert.True(shared < 3, $"rows r and r + {offset} share {shared:F1} of 16 atoms on average");
        }
        Assert.Equal(64, atoms.Select(a => string.Join(",", a)).Distinct().Count());
    }

    [Fact]
    public async Task TheSameSeedWritesTheSameBytesAndAnotherSeedOthers()
    {
        using var dir = new TempDirectory();
        string a = await Generate(dir, "a", Spec), b = await Generate(dir, "b", Spec), c = await Generate(dir, "c", Spec with { Seed = 8 });
        foreach (string file in new[] { "corpus/img_emb/img_emb_0.npy", "corpus/img_emb/img_emb_2.npy", "corpus/metadata/metadata_1.parquet", "saelens/sae_weights.safetensors" })
        {
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(a, file)), await File.ReadAllBytesAsync(Path.Combine(b, file)));
            Assert.NotEqual(await File.ReadAllBytesAsync(Path.Combine(a, file)), await File.ReadAllBytesAsync(Path.Combine(c, file)));
        }
        // The .pth is a zip whose entries carry the time they were written: the same seed gives the same tensors.
        using var pa = SaeLoader.Load(Path.Combine(a, "sae.pth"));
        using var pb = SaeLoader.Load(Path.Combine(b, "sae.pth"));
        Assert.Equal(pa.DecoderRow(511), pb.DecoderRow(511));
        Assert.Equal(pa.Encode(pa.DecoderRow(3)), pb.Encode(pb.DecoderRow(3)));
    }

    [Fact]
    public async Task ItIsAClipRetrievalCorpusOfTheSpecsShapeWithAnSaeThatReadsIt()
    {
        using var dir = new TempDirectory();
        string folder = await Generate(dir, "s", Spec);
        string corpusFolder = Path.Combine(folder, "corpus");

        // Shards of 300, 300 and 100 float16 rows, metadata row for row: the importer takes it as it is.
        ImportedCorpus corpus = await CorpusImporter.ImportAsync(corpusFolder);
        Assert.Equal(CorpusFormat.ClipRetrieval, corpus.Format);
        Assert.Equal(new long[] { 300, 300, 100 }, corpus.EmbeddingShards.Select(s => s.Rows));
        Assert.All(corpus.EmbeddingShards, s => Assert.Equal((64, NpyDType.Float16), (s.Columns, s.DType)));
        Assert.Equal("000000301", corpus.Items[301].Id);
        Assert.StartsWith("https://example.invalid/scale/000000301", corpus.Items[301].Url);
        Assert.StartsWith("synthetic photo of ", corpus.Items[301].Caption);

        // The .pth and the SAELens copy are one SAE, of the spec's size, in the paper authors' layout.
        using var pth = SaeLoader.Load(Path.Combine(folder, "sae.pth"));
        using var saeLens = SaeLoader.Load(Path.Combine(folder, "saelens"));
        Assert.Equal((64, 512, false), (pth.DIn, pth.DSae, pth.Config.ApplyBDecToInput));
        var row = new float[64];
        using var shards = ShardedNpy.Open(ClipRetrievalImporter.EmbeddingFiles(corpusFolder));
        shards.ReadRows(301, 1, row);
        Assert.Equal(pth.Encode(row), saeLens.Encode(row));

        // Features fire sparsely, about as often as the spec forecasts, and the row's strongest atom is among them.
        FeatureIndex index = new FeatureIndexBuilder(new FeatureIndexOptions { NeighbourCount = 0 }).BuildShard(new SaeFeatureSource(pth), shards, 0, 1);
        double l0 = Enumerable.Range(0, 512).Sum(j => (double)index[j].FiringCount) / 700;
        Assert.InRange(l0, 0.6 * Spec.ExpectedL0, 1.4 * Spec.ExpectedL0);
        var atoms = new int[Spec.ActivePerRow];
        SyntheticRows.Make(new SyntheticDictionary(Spec), 301, row, atoms, new float[Spec.ActivePerRow]);
        Assert.True(pth.Encode(row)[atoms[0]] > 0);
    }
}
