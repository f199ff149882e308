using SaeExplorer.Core.Grouping;
using SaeExplorer.Core.Permalink;

namespace SaeExplorer.Core.Tests.Grouping;

public sealed class GroupSlugTests
{
    private static GroupContent Content(float firstActivation = 2.5f, string fingerprint = "sha256:aa") =>
        new("demo", "img-3", 4, "10%", 20, 8, 1, [3, 17, 40], [firstActivation, 1.25f, 0.5f], 7, fingerprint);

    [Fact]
    public void TheSameGroupAlwaysGetsTheSameShortUrlSafeSlug()
    {
        var slug = ContentSlug.Slug(GroupSlug.ContentHash(Content()));
        Assert.Equal(slug, ContentSlug.Slug(GroupSlug.ContentHash(Content())));
        Assert.Equal(16, slug.Length);
        Assert.Matches("^[a-z2-7]{16}$", slug);
        Assert.True(ContentSlug.LooksValid(slug));
    }

    [Fact]
    public void AnyDifferenceInTheContentGivesAnotherHash()
    {
        var hashes = new[]
        {
            Content(), Content(2.5000002f), Content(fingerprint: "sha256:ab"), Content() with { K = 5 }, Content() with { Tau = "10" },
            Content() with { Source = "img-4" }, Content() with { Workspace = "demo2" }, Content() with { GroupIndex = 0 },
            Content() with { Features = [3, 17, 41] }, Content() with { SaeId = 8 }, Content() with { KMax = 19 }, Content() with { Restarts = 4 },
        }.Select(GroupSlug.ContentHash).ToList();
        Assert.Equal(hashes.Count, hashes.Distinct().Count());
    }

    [Fact]
    public void ALongerCutStartsWithTheShortOne()
    {
        var hash = GroupSlug.ContentHash(Content());
        Assert.StartsWith(ContentSlug.Slug(hash), ContentSlug.Slug(hash, 13));
        Assert.Equal(21, ContentSlug.Slug(hash, 13).Length);
    }

    [Theory]
    [InlineData("../../etc")]
    [InlineData("ABCDEFGHIJKLMNOP")]
    [InlineData("short")]
    [InlineData("<script>alert1</script>")]
    [InlineData("")]
    [InlineData(null)]
    public void TamperedSlugsAreRecognisedBeforeAnyLookup(string? text) => Assert.False(ContentSlug.LooksValid(text));

    [Fact]
    public void Base32OfKnownBytesMatchesRfc4648()
    {
        // RFC 4648 test vector: "foobar" -> MZXW6YTBOI (lower case here, no padding).
        var hex = Convert.ToHexString("foobar"u8.ToArray()) + new string('0', 52);
        Assert.Equal("mzxw6ytboi", ContentSlug.Slug(hex, 6)[..10]);
    }
}
