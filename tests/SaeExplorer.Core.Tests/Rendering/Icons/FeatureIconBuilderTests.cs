using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Rendering;
using SaeExplorer.Core.Rendering.Icons;
using SaeExplorer.Core.Rendering.Retrieval;
using SaeExplorer.Core.Sae.Model;
using SaeExplorer.Core.Steering;
using SaeExplorer.Core.Tests.Imaging;
using SaeExplorer.Core.Tests.Rendering.Retrieval;
using SaeExplorer.Core.Tests.Steering;

namespace SaeExplorer.Core.Tests.Rendering.Icons;

public sealed class FeatureIconBuilderTests : IDisposable
{
    private const int Rows = 400;
    private readonly TempDirectory _temp = new();
    private readonly ReferenceSae _reference = ReferenceSae.Create(SaeNormalization.None);

    public void Dispose()
    {
        _reference.Dispose();
        _temp.Dispose();
    }

    private IconFolder Folder => new(_temp.File("icons"));

    private EmbeddingSpace Space => new("resnet18", "ResNet18.onnx", _reference.DIn);

    private IconPlan Plan(float[] mean, string fingerprint = "sha256:sae-1", Func<int, float>? value = null, IconOptions? options = null) =>
        new(_reference.Sae, fingerprint, mean, Space,
            [.. Enumerable.Range(0, _reference.Sae.DSae).Select(f => new FeatureValue(f, value?.Invoke(f) ?? 1f + 0.25f * f))], options ?? new IconOptions());

    private static float[] Mean(float[] data, int columns) =>
        [.. Enumerable.Range(0, columns).Select(j => (float)Enumerable.Range(0, data.Length / columns).Average(r => data[r * columns + j]))];

    [Fact]
    public async Task WithRetrievalEachIconIsTheRowNearestToTheFeaturesDirectionFromTheMean()
    {
        float[] data = RetrievalCorpora.Gaussian(Rows * _reference.DIn, 4);
        var corpus = new InMemoryEmbeddingMatrix(data, _reference.DIn);
        float[] mean = Mean(data, _reference.DIn);
        IconPlan plan = Plan(mean);
        FeatureIconSet set = await new FeatureIconBuilder(Folder).BuildAsync(plan, new RetrievalRenderer(corpus));

        // Reference in float64: steered = mean + (v - f_i(mean)) W_dec[i]; the nearest row by cos(x - mean, steered - mean).
        float[] code = _reference.Sae.Encode(mean);
        var centred = new InMemoryEmbeddingMatrix([.. data.Select((v, i) => v - mean[i % _reference.DIn])], _reference.DIn);
        Assert.Equal(plan.Targets.Count, set.Icons.Count);
        foreach (FeatureIcon icon in set.Icons)
        {
            float[] direction = _reference.DecoderRow(icon.Feature);
            float[] steered = [.. mean.Select((m, j) => m + (icon.Value - code[icon.Feature]) * direction[j])];
            float[] fromMean = [.. steered.Select((v, j) => v - mean[j])];
            var expected = BruteForceCosine.Nearest(centred, fromMean, 1, []).Single();
            Assert.Equal(expected.Row, icon.Row);
            Assert.Equal(expected.Score, icon.Cosine!.Value, 1e-4);
        }
        Assert.True(set.Icons.Select(i => i.Row).Distinct().Count() > 1, "features with different directions get different icons");
        Assert.Equal("retrieval", set.Renderer);
        Assert.True(set.Centred);
        Assert.Equal(new RenderParameters { Top = 1 }, set.Parameters);
        Assert.Equal(set.Icons, Folder.Load()!.Icons); // saved as drawn
    }

    [Fact]
    public async Task RetrievalInSmallBatchesSavesAndReportsEachAndAKillLosesAtMostOne()
    {
        float[] data = RetrievalCorpora.Gaussian(Rows * _reference.DIn, 6);
        var renderer = new RetrievalRenderer(new InMemoryEmbeddingMatrix(data, _reference.DIn));
        float[] mean = Mean(data, _reference.DIn);
        int n = _reference.Sae.DSae;
        var whole = await new FeatureIconBuilder(new IconFolder(_temp.File("whole"))).BuildAsync(Plan(mean), renderer);

        var batched = Plan(mean, options: new IconOptions { RetrievalBatch = 3 });
        var reports = new List<(int, int)>();
        using var stop = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new FeatureIconBuilder(Folder).BuildAsync(batched, renderer,
            report: (done, total) => { reports.Add((done, total)); if (done == 6) stop.Cancel(); }, ct: stop.Token));
        Assert.Equal([(0, n), (3, n), (6, n)], reports);
        Assert.Equal(6, Folder.Load()!.Icons.Count); // the two finished batches were saved

        reports.Clear();
        var set = await new FeatureIconBuilder(Folder).BuildAsync(batched, renderer, report: (done, total) => reports.Add((done, total)));
        Assert.Equal((6, n), reports[0]); // resumed after the saved batches
        Assert.Equal(n, reports[^1].Item1);
        Assert.Equal(whole.Icons.OrderBy(i => i.Feature), set.Icons.OrderBy(i => i.Feature)); // the same icons as in one batch
    }

    [Fact]
    public async Task AStoppedRunResumesWithoutDrawingAnyIconTwice()
    {
        float[] mean = _reference.Input(2);
        IconPlan plan = Plan(mean);
        int total = plan.Targets.Count, half = total / 2;
        using var stop = new CancellationTokenSource();
        var renderer = new PictureRenderer(afterRender: calls => { if (calls == half) stop.Cancel(); });
        var reports = new List<(int, int)>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new FeatureIconBuilder(Folder).BuildAsync(plan, renderer, report: (d, t) => reports.Add((d, t)), ct: stop.Token));
        Assert.Equal(half, renderer.Drawn.Count);
        Assert.Equal(half, Folder.Load()!.Icons.Count);

        FeatureIconSet set = await new FeatureIconBuilder(Folder).BuildAsync(plan, renderer, report: (d, t) => reports.Add((d, t)));
        Assert.Equal(total, renderer.Drawn.Count);
        Assert.Equal(total, renderer.Drawn.Select(e => string.Join(',', e)).Distinct().Count()); // every feature once
        Assert.Equal(Enumerable.Range(0, total), set.Icons.Select(i => i.Feature).Order());
        Assert.All(set.Icons, icon => Assert.True(File.Exists(Folder.PngPath(icon.Feature))));
        // Progress: 0 of N, one more per icon up to half; the second run starts at half and ends at N of N.
        var expected = Enumerable.Range(0, half + 1).Concat(Enumerable.Range(half, total - half + 1)).Select(d => (d, total));
        Assert.Equal(expected, reports);
    }

    [Fact]
    public async Task OnlyChangedValuesAreDrawnAgainAndAnotherSaeStartsOver()
    {
        float[] mean = _reference.Input(5);
        var renderer = new PictureRenderer();
        await new FeatureIconBuilder(Folder).BuildAsync(Plan(mean), renderer);
        int first = renderer.Drawn.Count;

        await new FeatureIconBuilder(Folder).BuildAsync(Plan(mean, value: f => f == 3 ? 9f : 1f + 0.25f * f), renderer);
        Assert.Equal(first + 1, renderer.Drawn.Count);

        FeatureIconSet other = await new FeatureIconBuilder(Folder).BuildAsync(Plan(mean, fingerprint: "sha256:sae-2"), renderer);
        Assert.Equal(2 * first + 1, renderer.Drawn.Count);
        Assert.Equal("sha256:sae-2", Folder.Load()!.Sae);
        Assert.Equal(first, other.Icons.Count);
    }

    [Fact]
    public void TooltipsSayNearestForRetrievalAndNeverGenerated()
    {
        Assert.Equal("nearest corpus image to the feature's direction on the mean embedding (cos 0.83)",
            new FeatureIcon(4, 2f, Row: 7, Cosine: 0.8312f).Describe(RetrievalRenderer.RendererName));
        Assert.Equal("generated by Kandinsky 2.2 from the feature's direction on the mean embedding (value 2.5)",
            new FeatureIcon(4, 2.5f).Describe("kandinsky"));
    }

    /// <summary>Draws a one-pixel "PNG" per render and records each embedding it was asked for.</summary>
    private sealed class PictureRenderer(Action<int>? afterRender = null) : IRenderer
    {
        public List<float[]> Drawn { get; } = [];

        public string Name => "kandinsky";

        public string Source => "graphs@1";

        public string Device => "gpu";

        public RenderParameters Resolve(RenderRequest request) => request.Parameters with { Top = null, Guidance = 4f };

        public Task<RenderResult> RenderAsync(RenderRequest request)
        {
            Drawn.Add(request.Embedding);
            afterRender?.Invoke(Drawn.Count);
            return Task.FromResult(new RenderResult
            {
                Renderer = Name, Parameters = Resolve(request),
                Picture = new RenderedPicture { Width = 1, Height = 1, Png = [0x89, (byte)'P', (byte)'N', (byte)'G'] },
            });
        }
    }
}
