using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Sae.Training;

namespace SaeExplorer.Core.Tests.Sae;

/// <summary>Data from a known sparse dictionary: unit atoms, each sample a non-negative mix of a few atoms.</summary>
internal sealed class SyntheticDictionary
{
    public float[][] Atoms { get; }
    public InMemoryEmbeddingMatrix Data { get; }

    public SyntheticDictionary(int dIn = 32, int atoms = 64, int perSample = 3, int samples = 20_000, int seed = 1)
    {
        var rng = new Random(seed);
        Atoms = new float[atoms][];
        for (var a = 0; a < atoms; a++)
        {
            var v = Enumerable.Range(0, dIn).Select(_ => (float)Gaussian(rng)).ToArray();
            var n = MathF.Sqrt(v.Sum(t => t * t));
            Atoms[a] = v.Select(t => t / n).ToArray();
        }
        var data = new float[samples * dIn];
        for (var s = 0; s < samples; s++)
        {
            var chosen = new HashSet<int>();
            while (chosen.Count < perSample) chosen.Add(rng.Next(atoms));
            foreach (var a in chosen)
            {
                var c = 0.5f + (float)rng.NextDouble();
                for (var j = 0; j < dIn; j++) data[s * dIn + j] += c * Atoms[a][j];
            }
        }
        Data = new InMemoryEmbeddingMatrix(data, dIn);
    }

    private static double Gaussian(Random r) =>
        Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    /// <summary>Mean over true atoms of the best cosine with any learned decoder row.</summary>
    public double MeanBestCosine(IReadOnlyList<float[]> decoderRows)
    {
        var unit = decoderRows.Select(r =>
        {
            var n = MathF.Sqrt(r.Sum(t => t * t));
            return n > 0 ? r.Select(t => t / n).ToArray() : r;
        }).ToArray();
        return Atoms.Average(a => unit.Max(r => (double)a.Zip(r, (p, q) => p * q).Sum()));
    }
}
