using System.Text.Json;

namespace SaeExplorer.Cli.Tests;

/// <summary>`saex encode-sae` and `import-sae` on the real-format fixtures written by PyTorch.</summary>
public class EncodeSaeCommandTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "sae", name);

    private static async Task<List<(int Row, List<(int Feature, float Value)> Features)>> EncodeAsync(string sae, params string[] extra)
    {
        var (code, output) = await CliRunner.RunAsync(["encode-sae", "--sae", sae, "--embeddings", Fixture("embeddings.npy"), "--json", .. extra]);
        Assert.True(code == 0, output);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            using var doc = JsonDocument.Parse(line);
            var features = doc.RootElement.GetProperty("features").EnumerateArray()
                .Select(p => (p[0].GetInt32(), p[1].GetSingle())).ToList();
            return (doc.RootElement.GetProperty("row").GetInt32(), features);
        }).ToList();
    }

    [Fact]
    public async Task SaeLensAndSaevFilesOfTheSameWeightsPrintTheSameActivations()
    {
        var saelens = await EncodeAsync(Fixture("saelens"));
        var saev = await EncodeAsync(Fixture("saev_sae.pt"));
        Assert.Equal(5, saelens.Count);
        Assert.Equal(saelens.Select(r => r.Row), saev.Select(r => r.Row));
        for (var r = 0; r < saelens.Count; r++) Assert.Equal(saelens[r].Features, saev[r].Features);
    }

    [Theory]
    [InlineData("saelens", "saelens")]
    [InlineData("saev_sae.pt", "saev")]
    [InlineData("seed_layout.pth", "pth")]
    public async Task EachFormatMatchesPyTorchsActivationsSortedByValue(string file, string key)
    {
        using var expected = JsonDocument.Parse(await File.ReadAllTextAsync(Fixture("expected.json")));
        var rows = await EncodeAsync(Fixture(file));
        foreach (var (row, features) in rows)
        {
            var reference = expected.RootElement.GetProperty(key)[row].EnumerateArray().Select(v => v.GetDouble()).ToArray();
            Assert.Equal(reference.Count(v => v > 0), features.Count);
            Assert.Equal(features.OrderByDescending(f => f.Value).Select(f => f.Value), features.Select(f => f.Value));
            foreach (var (feature, value) in features) Assert.Equal(reference[feature], value, 4);
        }
    }

    [Fact]
    public async Task RowsAndTopLimitTheOutput()
    {
        var rows = await EncodeAsync(Fixture("saelens"), "--rows", "1:3", "--top", "2");
        Assert.Equal([1, 2], rows.Select(r => r.Row));
        Assert.All(rows, r => Assert.Equal(2, r.Features.Count));
    }

    [Fact]
    public async Task ImportSaeDetectsEachFormatAndRejectsABrokenFile()
    {
        foreach (var (file, format) in new[] { ("saelens", "SaeLens"), ("saev_sae.pt", "Saev"), ("seed_layout.pth", "Pth") })
        {
            var (code, output) = await CliRunner.RunAsync("import-sae", Fixture(file), "--d-in", "16");
            Assert.True(code == 0, output);
            Assert.Contains(format, output);
            Assert.Contains("16 -> 48", output);
        }
        var (bad, message) = await CliRunner.RunAsync("import-sae", Fixture("broken/nan"));
        Assert.Equal(2, bad);
        Assert.Contains("NaN", message);

        var (wrongDim, dimMessage) = await CliRunner.RunAsync("import-sae", Fixture("saelens"), "--d-in", "1280");
        Assert.Equal(2, wrongDim);
        Assert.Contains("1280", dimMessage);
    }
}
