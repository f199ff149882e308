using SaeExplorer.Data.Workspaces;
using SaeExplorer.Testing;

namespace SaeExplorer.Web.Tests.Home;

/// <summary>A demo pack with bad files: each is skipped with its reason, nothing else is lost.</summary>
public sealed class BrokenPackTests : IClassFixture<BrokenPackTests.BrokenPackApp>
{
    public sealed class BrokenPackApp : SaexAppFactory
    {
        protected override int PackImages => 5;

        protected override IReadOnlyDictionary<string, byte[]> PackExtras => new Dictionary<string, byte[]>
        {
            ["empty.jpg"] = [],
            ["text.jpg"] = "just some words, not pixels"u8.ToArray(),
            ["truncated.jpg"] = HalfAJpeg(),
        };

        private static byte[] HalfAJpeg()
        {
            using var image = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgb24>(64, 64);
            using var stream = new MemoryStream();
            SixLabors.ImageSharp.ImageExtensions.SaveAsJpeg(image, stream);
            return stream.ToArray()[..(int)(stream.Length / 2)];
        }
    }

    private readonly BrokenPackApp _app;

    public BrokenPackTests(BrokenPackApp app) => _app = app;

    [Fact]
    public async Task BadFilesAreSkippedWithReasonsAndTheRestIsEncoded()
    {
        var ws = await _app.WaitForDemoAsync(TimeSpan.FromMinutes(2));
        Assert.True(ws.State == WorkspaceState.Ready, await _app.LastJobAsync(ws.Name));

        using var client = _app.CreateClient();
        var html = await client.GetStringAsync("/");
        Assert.Matches("class=\"workspace-images\"[^>]*>5 \\(3 skipped\\)<", html);

        var reasons = _app.SkipReasons();
        Assert.Equal("file is empty", reasons["empty"]);
        Assert.Equal("not an image (unknown format)", reasons["text"]);
        Assert.StartsWith("truncated or corrupt JPEG", reasons["truncated"]);
    }
}
