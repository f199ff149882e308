using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Labeling.Vision;
using SaeExplorer.Core.Tests.Encoders.Text;
using SaeExplorer.Core.Tests.Labeling.Vision;
using SaeExplorer.Data;
using SaeExplorer.Data.Accounts;
using SaeExplorer.Testing;
using SaeExplorer.Web.Services.Features;

namespace SaeExplorer.E2E.Tests;

/// <summary>
/// A labeller asks the vision model about a feature, and anyone searches features by text, in a browser. The demo pack
/// ships 4-d vectors declared as CLIP's (red pictures along the stand-in text tower's "red" axis, stripes along "dog"),
/// the stand-in text tower is configured, and a local chat stand-in names the colour of the first top image.
/// </summary>
[Collection(Alone.Name)]
public sealed class VisionJourneyTests : IAsyncLifetime
{
    private ChatStandIn _model = null!;
    private ClipPackApp _app = null!;

    /// <summary>The real app over a pack whose vectors are CLIP-declared, with a vision endpoint and a text tower.</summary>
    private sealed class ClipPackApp(string endpoint) : SaexAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            if (!File.Exists(Path.Combine(PackDirectory, "manifest.csv"))) WriteClipPack(PackDirectory, 48);
            base.ConfigureWebHost(builder);
            builder.UseSetting("Training:HeldOutFraction", "0.5");
            builder.UseSetting("Encoder:TextModelPath", TextTowerFixture.File("text.onnx"));
            builder.UseSetting("Autointerp:Vision:Endpoint", endpoint);
            builder.UseSetting("Autointerp:Vision:Model", "qwen2-vl-2b");
            builder.UseSetting("Autointerp:Vision:InPreparation", "false");
        }

        /// <summary>TinyPack's pictures with shipped vectors: each category along one axis (red along the text tower's "red").</summary>
        private static void WriteClipPack(string folder, int count)
        {
            TinyPack.Write(folder, count);
            int[] axis = [3, 1, 2, 0]; // red, green, blue, stripes
            var random = new Random(7);
            using var writer = NpyWriter.Create(Path.Combine(folder, "embeddings.npy"), TextTowerFixture.Dimension, NpyDType.Float32, withRowIds: true);
            for (var i = 0; i < count; i++)
            {
                var row = Enumerable.Range(0, TextTowerFixture.Dimension).Select(_ => 0.2f + (float)(0.15 * random.NextDouble())).ToArray();
                row[axis[i % axis.Length]] += 1;
                writer.WriteRow(row, $"{i:D5}");
            }
            writer.Complete();
            new EmbeddingSpace(EmbeddingSpace.ShippedPreset, "OpenCLIP ViT-bigG-14 (test stand-in)", TextTowerFixture.Dimension)
                .Save(Path.Combine(folder, EmbeddingSpace.FileName));
        }
    }

    public async Task InitializeAsync()
    {
        _model = await ChatStandIn.StartAsync(r => new StandInReply.Text(TinyPack.CategoryOf(ChatRequest.Bytes(r.ImagesAfter(VisionLabeler.TopHeading)[0]))));
        _app = new ClipPackApp(_model.Endpoint);
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _model.DisposeAsync();
    }

    [Fact]
    public async Task ALabellerAsksTheModelAndAnyoneFindsFeaturesByText()
    {
        var baseAddress = _app.StartOnKestrel();
        var ws = await _app.WaitForDemoAsync(TimeSpan.FromMinutes(4));
        Assert.Equal(Data.Workspaces.WorkspaceState.Ready, ws.State);
        await TestUsers.AddAsync(_app.Services.GetRequiredService<IDbContextFactory<SaexDbContext>>(), "ada", SaexRoles.Labeller);
        var red = (await _app.Services.GetRequiredService<FeatureTextSearch>().SearchAsync("red")).Workspaces.Single().Matches[0].Feature;

        await using var browser = await BrowserSession.LaunchAsync();
        var page = await browser.SignedInPageAsync(baseAddress, "ada", new Uri(baseAddress, $"features/demo/{red}").ToString(), 1400, 1000);
        await page.ClickAsync("#ask-model-button");
        await Assertions.Expect(page.Locator("#ask-model-status")).ToContainTextAsync("the model says “red”", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator(".label-card", new() { HasTextString = "autointerp:vision" })).ToBeVisibleAsync();
        Assert.Single(_model.Requests);
        await page.Locator("#ask-model").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotDirectory, "feature-ask-model.png") });

        await BrowserSession.GotoInteractiveAsync(page, new Uri(baseAddress, "search?q=red").ToString());
        await Assertions.Expect(page.Locator(".text-match").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".text-match a").First).ToHaveAttributeAsync("href", $"/features/demo/{red}");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotDirectory, "search-features-by-text.png"), FullPage = true });
    }
}
