using SaeExplorer.Core.Imaging;
using Xunit.Abstractions;

namespace SaeExplorer.Core.Tests.Hostile;

/// <summary>
/// Every hostile image (<see cref="HostileImages"/>) through the loader as an upload or import uses it, header check then
/// decode: it loads within the pixel limit, or is refused with an <see cref="ImageRejectedException"/> that names the
/// file and says why. Any other exception is a bug.
/// </summary>
public sealed class HostileImageTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryHostileImageLoadsWithinTheLimitsOrIsRefusedWithAReason()
    {
        var cases = HostileImages.Cases();
        output.WriteLine($"seed {HostileSeed.Value}: {cases.Count} image cases");
        var loader = new ImageLoader();
        var failures = new List<string>();
        int loaded = 0, refused = 0;
        foreach (var c in cases)
        {
            try
            {
                var info = loader.Probe(c.Bytes, c.Name);
                using var image = loader.Load(c.Bytes, c.Name);
                if ((long)image.Width * image.Height > loader.Limits.MaxPixels || image.Width != info.Width || image.Height != info.Height)
                    failures.Add($"{c}: decoded {image.Width}x{image.Height}, header said {info.Width}x{info.Height}");
                loaded++;
            }
            catch (ImageRejectedException e) when (e.Message.Contains(c.Name, StringComparison.Ordinal) && e.Reason.Length > 0)
            {
                refused++;
            }
            catch (Exception e)
            {
                failures.Add($"{c}: {e.GetType().Name}: {e.Message}");
            }
        }
        output.WriteLine($"{loaded} loaded, {refused} refused with a reason");
        Assert.True(failures.Count == 0, $"seed {HostileSeed.Value}:\n{string.Join("\n", failures)}");
        Assert.True(cases.Count >= 150 && refused >= 90, $"{cases.Count} cases, {refused} refused");
    }
}
