using SaeExplorer.Core.Corpus;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Sae.Model;
using static TorchSharp.torch;

namespace SaeExplorer.Core.Tests.Labeling;

/// <summary>
/// Planted data for naming (also linked into the CLI tests): each image is the global mean + 3 x its category's unit
/// direction + Gaussian noise (sd 0.3 per dimension); the category directions are orthonormal. The SAE (ReLU, b_dec =
/// the mean) has two features per category whose encoder and decoder rows are that direction plus a little noise
/// (cosine ~0.99) and bias -1.5, so each fires on its category's images only; feature <see cref="RandomFeature"/>
/// points along a direction orthogonal to every category and fires on noise (~16% of images, whatever their
/// category); feature <see cref="DeadFeature"/> never fires. Captions: "a {adjective} {noun} in the {place}" with the
/// category's noun and a random adjective and place; two subcategories per category, at random.
/// </summary>
internal sealed class PlantedCorpus
{
    public const int Dimension = 24;
    public const int RandomFeature = 12;
    public const int DeadFeature = 13;
    public const int Features = 14;
    public static readonly string[] Categories = ["birds", "boats", "cars", "flowers", "houses", "tools"];
    private static readonly string[] Nouns = ["bird", "boat", "car", "flower", "house", "tool"];
    private static readonly string[][] Subcategories =
        [["parrots", "owls"], ["yachts", "canoes"], ["sedans", "trucks"], ["roses", "tulips"], ["cottages", "towers"], ["hammers", "saws"]];
    private static readonly string[] Adjectives = ["red", "blue", "green", "small", "large"];
    private static readonly string[] Places = ["garden", "city", "field"];

    private readonly float[][] _directions;
    private readonly float[] _mean;
    private readonly Random _random;
    private readonly float[] _decoderRows;
    private readonly float[] _encoderBias;

    public float[] Embeddings { get; }
    public ManifestEntry[] Entries { get; }
    public int Rows => Entries.Length;

    public PlantedCorpus(int perCategory = 100, int seed = 3)
    {
        _random = new Random(seed);
        _directions = Orthonormal(Categories.Length + 1);
        _mean = Enumerable.Range(0, Dimension).Select(_ => (float)(2 * Gaussian())).ToArray();
        var rows = Categories.Length * perCategory;
        Embeddings = new float[rows * Dimension];
        Entries = new ManifestEntry[rows];
        for (var r = 0; r < rows; r++)
        {
            var k = r % Categories.Length; // categories interleaved, so any split takes some of each
            for (var j = 0; j < Dimension; j++)
                Embeddings[r * Dimension + j] = _mean[j] + 3 * _directions[k][j] + (float)(0.3 * Gaussian());
            Entries[r] = new ManifestEntry($"img{r:D4}", $"images/img{r:D4}.png", Categories[k], Subcategories[k][_random.Next(2)],
                $"a {Adjectives[_random.Next(Adjectives.Length)]} {Nouns[k]} in the {Places[_random.Next(Places.Length)]}");
        }
        (_decoderRows, _encoderBias) = PlantFeatures();
    }

    public string[] Ids => Entries.Select(e => e.Id).ToArray();

    public IEmbeddingMatrix Matrix => new InMemoryEmbeddingMatrix(Embeddings, Dimension);

    /// <summary>The category feature <paramref name="feature"/> (0 to 11) was planted for.</summary>
    public static string CategoryOf(int feature) => Categories[feature / 2];

    /// <summary>A new SAE with the planted weights (the same every call).</summary>
    public SparseAutoencoder CreateSae()
    {
        using var dec = tensor(_decoderRows, [Features, Dimension]);
        using var enc = dec.t().contiguous();
        using var bEnc = tensor(_encoderBias);
        using var bDec = tensor(_mean);
        return new SparseAutoencoder(new SaeConfig(SaeArchitecture.Standard, Dimension, Features), enc, bEnc, dec, bDec);
    }

    private (float[] Rows, float[] Bias) PlantFeatures()
    {
        var rows = new float[Features][];
        var bias = new float[Features];
        for (var f = 0; f < 2 * Categories.Length; f++)
        {
            rows[f] = Unit(_directions[f / 2].Select(v => v + (float)(0.15 * Gaussian() / Math.Sqrt(Dimension))).ToArray());
            bias[f] = -1.5f;
        }
        rows[RandomFeature] = _directions[Categories.Length];
        bias[RandomFeature] = -0.3f;
        rows[DeadFeature] = Unit(Enumerable.Range(0, Dimension).Select(_ => (float)Gaussian()).ToArray());
        bias[DeadFeature] = -1000f;
        return (rows.SelectMany(r => r).ToArray(), bias);
    }

    /// <summary>Writes emb.npy + emb.ids.txt, manifest.csv and the SAE (SAELens) into <paramref name="folder"/>; returns their paths.</summary>
    public (string Npy, string Manifest, string Sae) Write(string folder)
    {
        var npy = Path.Combine(folder, "emb.npy");
        using (var writer = NpyWriter.Create(npy, Dimension, NpyDType.Float32, withRowIds: true))
        {
            for (var r = 0; r < Rows; r++) writer.WriteRow(Embeddings.AsSpan(r * Dimension, Dimension), Entries[r].Id);
            writer.Complete();
        }
        var manifest = Path.Combine(folder, CorpusManifest.FileName);
        CorpusManifest.Write(manifest, Entries);
        var sae = Path.Combine(folder, "sae");
        using (var model = CreateSae()) SaeLensSaver.Save(model, sae);
        return (npy, manifest, sae);
    }

    private double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());

    private float[][] Orthonormal(int count)
    {
        var basis = new List<float[]>();
        while (basis.Count < count)
        {
            var v = Enumerable.Range(0, Dimension).Select(_ => Gaussian()).ToArray();
            foreach (var b in basis)
            {
                var dot = v.Select((x, j) => x * b[j]).Sum();
                for (var j = 0; j < Dimension; j++) v[j] -= dot * b[j];
            }
            basis.Add(Unit(v.Select(x => (float)x).ToArray()));
        }
        return [.. basis];
    }

    private static float[] Unit(float[] v)
    {
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }
}
