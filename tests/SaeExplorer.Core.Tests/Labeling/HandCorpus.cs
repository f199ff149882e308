using SaeExplorer.Core.Corpus;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Labeling;

namespace SaeExplorer.Core.Tests.Labeling;

/// <summary>
/// Ten images in 2-d for hand-worked vocabulary and concept cases. Rows 0-7 train, 8-9 held-out. Training rows are the
/// points below shifted by (10, 20), so the global training mean is (10, 20); held-out rows are huge, so any held-out
/// leak into a term vector shows.
/// </summary>
internal static class HandCorpus
{
    public static readonly ManifestEntry[] Entries =
    [
        new("a0", "a0.png", "Animals", "fishes", "A red fish"),
        new("a1", "a1.png", "Animals", "fishes", "the blue fishes"),
        new("a2", "a2.png", "Animals", "birds", "a red bird"),
        new("a3", "a3.png", "Animals", "birds", "bird of the night"),
        new("v0", "v0.png", "Vehicles", "cars", "a red car"),
        new("v1", "v1.png", "vehicles", "cars", "blue car"),
        new("v2", "v2.png", "Vehicles", "boats", "a boat"),
        new("v3", "v3.png", "Vehicles", "boats", "the boat at night"),
        new("h0", "h0.png", "Animals", "fishes", "a red fish glowing"),
        new("h1", "h1.png", "Vehicles", "boats", "glowing boat"),
    ];

    private static readonly float[][] Points = [[1, 0], [3, 0], [1, 2], [1, 4], [0, -2], [-2, -2], [-3, 0], [-1, -2]];

    public static IEmbeddingMatrix Embeddings() => new InMemoryEmbeddingMatrix(
        [.. Points.SelectMany(p => new[] { p[0] + 10, p[1] + 20 }), 1000, 1000, -1000, 500], 2);

    public static RowSet Train => new("training", Enumerable.Range(0, 8).Select(r => (long)r), 10);

    public static CorpusConcepts Concepts() => new(Entries);
}
