using System.Text.Json;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Rendering;
using SaeExplorer.Core.Rendering.Retrieval;
using SaeExplorer.Core.Steering;
using SaeExplorer.Core.Tests.Imaging;

namespace SaeExplorer.Core.Tests.Rendering.Retrieval;

public sealed class RetrievalRendererTests : IDisposable
{
    private static readonly EmbeddingSpace Space = new("resnet18", "ResNet18.onnx", 3);

    // Cosines to the query (1, 0, 0), worked by hand: row 0 1, row 1 0.6, row 2 0, row 3 -1, row 4 1/sqrt(2).
    private static readonly float[] Rows = [2, 0, 0, 3, 4, 0, 0, 0, 5, -1, 0, 0, 1, 1, 0];

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static RenderRequest Request(float[] embedding, int? top = null, int[]? exclude = null) => new()
    {
        Embedding = embedding, Space = Space, Parameters = new RenderParameters { Top = top, Seed = 9, Steps = 30 }, Exclude = exclude ?? [],
    };

    [Fact]
    public async Task ReturnsTheNearestRowsByCosineNotAPicture()
    {
        var renderer = new RetrievalRenderer(new InMemoryEmbeddingMatrix(Rows, 3));

        RenderResult result = await renderer.RenderAsync(Request([1, 0, 0], top: 3));

        Assert.Equal("retrieval", result.Renderer);
        Assert.Equal("nearest corpus images (retrieval)", result.Caption);
        Assert.Null(result.Picture);
        Assert.Equal([0, 4, 1], result.Nearest.Select(h => h.Row));
        Assert.Equal([1f, 1 / MathF.Sqrt(2), 0.6f], result.Nearest.Select(h => h.Score), new FloatTolerance(1e-6f));
        // Only what retrieval reads is reported: top k, not the seed or steps it was given.
        Assert.Equal(new RenderParameters { Top = 3 }, result.Parameters);
    }

    [Fact]
    public async Task AgreesWithExactRetrievalOnAMappedFileWithExclusions()
    {
        string path = Path.Combine(_temp.Path, "corpus.npy");
        using (NpyWriter writer = NpyWriter.Create(path, 3, NpyDType.Float32))
        {
            writer.WriteRows(Rows);
            writer.Complete();
        }
        using NpyFile file = NpyFile.Open(path);
        var cache = new RowNormCache();
        var renderer = new RetrievalRenderer(file, cache);
        float[] query = [0.5f, 1, -2];

        RenderResult result = await renderer.RenderAsync(Request(query, top: 2, exclude: [1]));

        var options = new RetrievalOptions { Top = 2, Exclude = [1] };
        Assert.Equal(ExactRetrieval.Nearest(file, RowNorms.Compute(file), query, options), result.Nearest);
        Assert.Equal(1, cache.Count); // the norms were the cache's
        Assert.StartsWith(Path.GetFullPath(path) + "|", renderer.Source);
    }

    [Fact]
    public void DefaultsToEightAndRefusesWhatItCannotRender()
    {
        var renderer = new RetrievalRenderer(new InMemoryEmbeddingMatrix(Rows, 3));
        Assert.Equal(RetrievalRenderer.DefaultTop, renderer.Resolve(Request([1, 0, 0])).Top);

        var e = Assert.Throws<ArgumentException>(() => renderer.Resolve(Request([1, 0])));
        Assert.StartsWith("the embedding has 2 values; this workspace's corpus rows have 3", e.Message);
        e = Assert.Throws<ArgumentException>(() => renderer.Resolve(Request([1, 0, 0], top: 0)));
        Assert.StartsWith("Top must be at least 1, was 0", e.Message);
    }

    [Fact]
    public async Task ACancelledTokenCancels()
    {
        var renderer = new RetrievalRenderer(new InMemoryEmbeddingMatrix(Rows, 3));
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => renderer.RenderAsync(Request([1, 0, 0]) with { CancellationToken = cts.Token }));
    }

    [Fact]
    public async Task ResultsAndRequestsAreJsonWithoutCallbacks()
    {
        var renderer = new RetrievalRenderer(new InMemoryEmbeddingMatrix(Rows, 3));
        RenderResult result = await renderer.RenderAsync(Request([1, 0, 0], top: 2));
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);

        RenderResult back = JsonSerializer.Deserialize<RenderResult>(JsonSerializer.Serialize(result, json), json)!;
        Assert.Equal(result.Nearest, back.Nearest);
        Assert.Equal(result.Parameters, back.Parameters);
        Assert.Equal(result.Elapsed, back.Elapsed);

        var request = Request([1, 2, 3]) with { Progress = new Progress<RenderProgress>(), CancellationToken = new CancellationToken(true) };
        string text = JsonSerializer.Serialize(request, json);
        Assert.DoesNotContain("progress", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("cancellation", text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal([1f, 2, 3], JsonSerializer.Deserialize<RenderRequest>(text, json)!.Embedding);
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
