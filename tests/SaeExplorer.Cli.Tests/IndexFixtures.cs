using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Sae.Model;
using static TorchSharp.torch;

namespace SaeExplorer.Cli.Tests;

/// <summary>A small random embeddings file and a small random ReLU SAE (SAELens layout) for the index commands.</summary>
internal static class IndexFixtures
{
    public const int DIn = 16;
    public const int DSae = 48;

    /// <summary>rows x 16 float32 with ids "r0", "r1", ...; some rows are large so top-K lists and bands differ.</summary>
    public static string WriteEmbeddings(string path, int rows, int seed = 7)
    {
        var random = new Random(seed);
        using var writer = NpyWriter.Create(path, DIn, NpyDType.Float32, withRowIds: true);
        var row = new float[DIn];
        for (var r = 0; r < rows; r++)
        {
            var scale = r % 17 == 0 ? 4f : 1f;
            for (var c = 0; c < DIn; c++) row[c] = scale * (float)(random.NextDouble() * 2 - 1);
            writer.WriteRow(row, $"r{r}");
        }
        writer.Complete();
        return path;
    }

    /// <summary>A 16 -> 48 SAE; the last 8 features have a large negative bias so they never fire (dead).</summary>
    public static string WriteSae(string folder, int seed = 11)
    {
        var random = new Random(seed);
        float[] Values(int n, float scale) => Enumerable.Range(0, n).Select(_ => scale * (float)(random.NextDouble() * 2 - 1)).ToArray();
        var bias = Values(DSae, 0.2f);
        for (var f = DSae - 8; f < DSae; f++) bias[f] = -1000f;
        using var wEnc = tensor(Values(DIn * DSae, 0.5f), [DIn, DSae]);
        using var bEnc = tensor(bias);
        using var wDec = tensor(Values(DSae * DIn, 0.5f), [DSae, DIn]);
        using var bDec = tensor(Values(DIn, 0.1f));
        using var sae = new SparseAutoencoder(new SaeConfig(SaeArchitecture.Standard, DIn, DSae), wEnc, bEnc, wDec, bDec);
        SaeLensSaver.Save(sae, folder);
        return folder;
    }
}
