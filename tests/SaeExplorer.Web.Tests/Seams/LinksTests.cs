using System.Text.RegularExpressions;
using SaeExplorer.Core.Settings;

namespace SaeExplorer.Web.Tests.Seams;

public sealed partial class LinksTests
{
    [Fact]
    public void EveryPartFromUsersOrCorporaIsEscapedOnce()
    {
        Assert.Equal("/features/a%2Fb%3Fc/7", Links.Feature("a/b?c", 7));
        Assert.Equal("/images/demo/dogs%2F1%23x", Links.Image("demo", "dogs/1#x"));
        Assert.Equal("/thumbs/demo/a%20b?size=96", Links.Thumbnail("demo", "a b", 96));
        Assert.Equal("/images/demo?q=red%20%26%20blue&page=3", Links.Images("demo", "red & blue", 3));
        Assert.Equal("/images/demo", Links.Images("demo", "  ", 1));
        Assert.Equal("/api/workspaces/w%25/features/3/top-images", Links.Api.TopImages("w%", 3));
        Assert.Equal("/api/workspaces/a%2Fb/features/12/icon?size=56", Links.FeatureIcon("a/b", 12, 56));
        Assert.Equal("/api/workspaces/demo/features/0/icon", Links.FeatureIcon("demo", 0));
    }

    [Fact]
    public void ParsedBackALinkGivesTheSameParts()
    {
        var uri = new Uri(new Uri("http://localhost"), Links.Image("ws-1", "shard/00042 ü?.jpg"));
        var segments = uri.AbsolutePath.Split('/');
        Assert.Equal(["", "images", "ws-1", "shard%2F00042%20%C3%BC%3F.jpg"], segments);
        Assert.Equal("shard/00042 ü?.jpg", Uri.UnescapeDataString(segments[3]));
    }

    [GeneratedRegex("""(href|src|Href|Src)\s*=\s*"@\(\$""")]
    private static partial Regex InterpolatedUrl();

    [Fact]
    public void NoRazorFileBuildsAnAddressByInterpolation()
    {
        var components = Path.Combine(SaexPaths.Root, "src", "SaeExplorer.Web", "Components");
        var offenders = Directory.EnumerateFiles(components, "*.razor", SearchOption.AllDirectories)
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(components, f), Line: i + 1, Text: line)))
            .Where(l => InterpolatedUrl().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();
        Assert.True(offenders.Count == 0, "build addresses with Links:\n" + string.Join("\n", offenders));
    }
}
