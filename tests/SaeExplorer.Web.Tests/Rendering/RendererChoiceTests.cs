using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Rendering;
using SaeExplorer.Core.Rendering.Kandinsky;
using SaeExplorer.Core.Rendering.Retrieval;
using SaeExplorer.Core.Settings;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Testing;
using SaeExplorer.Web.Services.Rendering;
using SaeExplorer.Web.Services.Sae;

namespace SaeExplorer.Web.Tests.Rendering;

/// <summary>The render service as pages get it (the page services over the seeded workspace): retrieval on its rows,
/// and the fall back to retrieval, saying why, when Kandinsky is configured but cannot run.</summary>
public sealed class RendererChoiceTests : IAsyncLifetime
{
    private SeededWorkspace _seeded = null!;

    public async Task InitializeAsync() => _seeded = await SeededWorkspace.CreateAsync();

    public Task DisposeAsync()
    {
        _seeded.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The page services with these settings ("Section:Key" = value) bound as the app binds them.</summary>
    private ServiceProvider Services(params (string Key, string Value)[] settings) =>
        _seeded.AddTo(new ServiceCollection(), settings.ToDictionary(s => s.Key, s => (string?)s.Value)).BuildServiceProvider();

    private static readonly (string, string) Kandinsky = ("Render:Renderer", RenderOptions.Kandinsky);

    private async Task<WorkspaceContext> Workspace(IServiceProvider services) =>
        (await services.GetRequiredService<WorkspaceQueries>().FindAsync(SeededWorkspace.Name))!;

    private static RenderRequest Request(WorkspaceContext workspace, float[] embedding, int top, params int[] exclude) =>
        new() { Embedding = embedding, Space = workspace.Space!, Parameters = new() { Top = top }, Exclude = exclude };

    [Fact]
    public async Task RetrievalRendersTheSeededRowsNearestByCosine()
    {
        await using ServiceProvider services = Services();
        await using AsyncServiceScope scope = services.CreateAsyncScope();
        WorkspaceContext workspace = await Workspace(services);
        var session = scope.ServiceProvider.GetRequiredService<RenderSession>();

        RenderOutcome outcome = await session.RenderAsync("steer", workspace, Request(workspace, [1, 0, 0, 0], 3, exclude: 0));

        Assert.Equal(RenderStatus.Rendered, outcome.Status);
        Assert.Null(outcome.Note);
        Assert.Equal("retrieval", outcome.Result!.Renderer);
        // Cosines to (1, 0, 0, 0) by hand: row 5 1, row 0 3/sqrt(10.25) (left out), row 2 0.5, rows 1 and 4 0 (the lower first), row 3 -1.
        Assert.Equal([5, 2, 1], outcome.Result.Nearest.Select(h => h.Row));
        Assert.Equal([1.0, 0.5, 0.0], outcome.Result.Nearest.Select(h => Math.Round(h.Score, 6)));
        var embeddings = services.GetRequiredService<SaeModelCache>().Embeddings(workspace);
        var options = new RetrievalOptions { Top = 3, Exclude = [0] };
        Assert.Equal(ExactRetrieval.Nearest(embeddings, RowNorms.Compute(embeddings), [1f, 0, 0, 0], options), outcome.Result.Nearest);
        // Retrieval reads no seed or steps, so asking with others is the same render, from the cache.
        RenderRequest reseeded = Request(workspace, [1, 0, 0, 0], 3, exclude: 0) with { Parameters = new() { Top = 3, Seed = 99, Steps = 7 } };
        RenderOutcome again = await session.RenderAsync("steer", workspace, reseeded);
        Assert.Equal(RenderStatus.Cached, again.Status);
        Assert.Same(outcome.Result, again.Result);
    }

    [Fact]
    public async Task KandinskyOnAResNetWorkspaceFallsBackToRetrievalSayingWhy()
    {
        await using ServiceProvider services = Services(Kandinsky);
        await using AsyncServiceScope scope = services.CreateAsyncScope();
        WorkspaceContext workspace = await Workspace(services);

        RenderOutcome outcome = await scope.ServiceProvider.GetRequiredService<RenderSession>()
            .RenderAsync("steer", workspace, Request(workspace, [0, 2, 0, 0], 1));

        Assert.Equal(RenderStatus.Rendered, outcome.Status);
        Assert.Equal("retrieval", outcome.Result!.Renderer);
        Assert.Equal([1], outcome.Result.Nearest.Select(h => h.Row));
        Assert.Equal("generator not configured: Kandinsky 2.2 needs CLIP ViT-bigG/14 image embeddings (1280-d); " +
                     "this workspace's vectors are resnet18 4-d", outcome.Note);
    }

    [Fact]
    public async Task KandinskyWithoutItsFilesFallsBackToRetrievalNamingTheKey()
    {
        string missing = Path.Combine(_seeded.Directory, "models", "unet.onnx");
        await using ServiceProvider services = Services(Kandinsky,
            ("Kandinsky:UnetPath", missing), ("Kandinsky:MovqDecoderPath", missing), ("Kandinsky:Device", "cpu"));
        WorkspaceContext clip = await Workspace(services) with { Space = new EmbeddingSpace("clip-vit-bigg-14", "model.onnx", 1280) };
        var choice = services.GetRequiredService<IRendererSource>();

        RendererSelection selection = await choice.ForAsync(clip);

        Assert.IsType<RetrievalRenderer>(selection.Renderer);
        Assert.StartsWith($"generator not configured: Kandinsky UNet file not found: '{missing}'. Set Kandinsky:UnetPath", selection.Note);
        // Asked again with nothing changed, the same reason (the failed open is remembered until a file changes).
        Assert.Equal(selection.Note, (await choice.ForAsync(clip)).Note);
        // Unset paths name the key to set.
        await using ServiceProvider unset = Services(Kandinsky);
        Assert.StartsWith("generator not configured: Kandinsky UNet: Kandinsky:UnetPath is not set",
            (await unset.GetRequiredService<IRendererSource>().ForAsync(clip)).Note);
    }

    [Fact]
    public void TheShippedSettingsBindAndPassTheirChecks()
    {
        IConfiguration config = new ConfigurationBuilder().AddJsonFile(Path.Combine(SaexPaths.Root, "appsettings.json")).Build();

        var render = config.GetSection(RenderOptions.Section).Get<RenderOptions>()!;
        var kandinsky = config.GetSection(KandinskyOptions.Section).Get<KandinskyOptions>()!;

        Assert.Empty(OptionsCheck.Problems(render));
        Assert.Empty(OptionsCheck.Problems(kandinsky));
        Assert.Equal(new RenderOptions(), render); // the file says what the defaults are
        Assert.Null(kandinsky.UnetPath);
    }

    [Theory]
    [InlineData("Renderer", "dall-e", "Render:Renderer: must be retrieval or kandinsky")]
    [InlineData("DefaultSize", "640", "Render:DefaultSize: must be 512 or 768")]
    [InlineData("QueueCapacity", "0", "Render:QueueCapacity: The field QueueCapacity must be between 1 and 100000.")]
    [InlineData("RequestsPerSecond", "0", "Render:RequestsPerSecond: The field RequestsPerSecond must be between 0.01 and 100000.")]
    public void ABadValueIsNamedByItsKey(string key, string value, string expected)
    {
        IConfiguration config = new ConfigurationBuilder().AddInMemoryCollection([new($"Render:{key}", value)]).Build();
        var render = config.GetSection(RenderOptions.Section).Get<RenderOptions>()!;
        Assert.Contains(expected, OptionsCheck.Problems(render));
    }
}
