using SaeExplorer.Core.Embeddings;

namespace SaeExplorer.Core.Tests.Rendering.Retrieval;

public enum Storage { Memory, Float32File, Float16File }

/// <summary>Random corpora held in memory or written as float32 / float16 .npy files.</summary>
internal static class RetrievalCorpora
{
    public static float[] Gaussian(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++)
            values[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        return values;
    }

    /// <summary>The corpus in the given storage; float16 files hold the values rounded to half, and so does
    /// what the reference reads back from them.</summary>
    public static IEmbeddingMatrix Create(float[] data, int columns, Storage storage, string directory)
    {
        if (storage == Storage.Memory)
            return new InMemoryEmbeddingMatrix(data, columns);
        string path = Path.Combine(directory, $"corpus-{Guid.NewGuid():N}.npy");
        using (NpyWriter writer = NpyWriter.Create(path, columns, storage == Storage.Float16File ? NpyDType.Float16 : NpyDType.Float32))
        {
            writer.WriteRows(data);
            writer.Complete();
        }
        return NpyFile.Open(path);
    }
}
