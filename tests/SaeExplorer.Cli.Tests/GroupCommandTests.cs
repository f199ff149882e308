using System.Text.Json;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Grouping;
using SaeExplorer.Core.Sae.Loading;
using static SaeExplorer.Cli.Tests.CliRunner;

namespace SaeExplorer.Cli.Tests;

/// <summary>`saex group` on a small random SAE (16 -> 48) and embeddings file the tests write.</summary>
public sealed class GroupCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("saex-group-").FullName;
    private readonly string _npy;
    private readonly string _sae;

    public GroupCommandTests()
    {
        _npy = IndexFixtures.WriteEmbeddings(Path.Combine(_dir, "emb.npy"), 6);
        _sae = IndexFixtures.WriteSae(Path.Combine(_dir, "sae"));
    }

    private async Task<JsonElement> GroupJsonAsync(params string[] extra)
    {
        var (code, output) = await RunAsync(["group", "--sae", _sae, "--embeddings", _npy, "--json", .. extra]);
        Assert.True(code == 0, output);
        using var doc = JsonDocument.Parse(output);
        return doc.RootElement.Clone();
    }

    /// <summary>The library's sweep of the same row, as the command should have computed it.</summary>
    private GroupingSweep Library(long row, GroupingOptions options, Tau tau)
    {
        using var data = NpyFile.Open(_npy);
        using var sae = SaeLoader.Load(_sae, SaeFormat.Auto, data.Columns);
        var x = new float[data.Columns];
        data.ReadRow(row, x);
        return IteratedGrouping.Sweep(sae.EncodeSparse(x), new SaeDecoderRows(sae), options, tau);
    }

    private static int[][] Features(JsonElement groups) =>
        groups.EnumerateArray().Select(g => g.GetProperty("features").EnumerateArray().Select(f => f.GetInt32()).ToArray()).ToArray();

    [Fact]
    public async Task JsonHoldsTheLibrarysSweepAndGroupsIsTheChosenStep()
    {
        var doc = await GroupJsonAsync("--row", "3", "--kmax", "8", "--seed", "5", "--restarts", "4");

        var expected = Library(3, new GroupingOptions { KMax = 8, Seed = 5, Restarts = 4 }, Tau.Default);
        Assert.Equal(3, doc.GetProperty("row").GetInt32());
        Assert.Equal(expected.TotalMass, doc.GetProperty("total_mass").GetDouble());
        Assert.Equal(expected.Threshold, doc.GetProperty("tau").GetDouble());
        Assert.Equal("10%", doc.GetProperty("tau_setting").GetString());
        var sweep = doc.GetProperty("sweep").EnumerateArray().ToArray();
        Assert.Equal(8, sweep.Length); // this row has more than 8 active features
        for (var k = 1; k <= sweep.Length; k++)
        {
            var step = expected.Steps[k - 1];
            Assert.Equal(k, sweep[k - 1].GetProperty("k").GetInt32());
            Assert.Equal(step.MinMass, sweep[k - 1].GetProperty("min_mass").GetDouble());
            Assert.Equal(step.Passes, sweep[k - 1].GetProperty("passes").GetBoolean());
            Assert.Equal(step.Clusters.Select(c => c.Features), Features(sweep[k - 1].GetProperty("groups")));
            Assert.Equal(step.Clusters.Select(c => c.Mass), sweep[k - 1].GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("mass").GetDouble()));
        }
        var chosen = doc.GetProperty("chosen_k").GetInt32();
        Assert.Equal(expected.ChosenK, chosen);
        Assert.Equal(JsonValueKind.Null, doc.GetProperty("note").ValueKind);
        Assert.Equal(sweep[chosen - 1].GetProperty("groups").GetRawText(), doc.GetProperty("groups").GetRawText());
        Assert.All(doc.GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("features").EnumerateArray()),
            f => Assert.Matches("^[0-9]+$", f.GetRawText()));
    }

    [Fact]
    public async Task TauAndTauShareReachTheSelection()
    {
        var all = await GroupJsonAsync("--row", "1", "--kmax", "6", "--tau", "0");
        Assert.Equal(6, all.GetProperty("chosen_k").GetInt32());
        Assert.All(all.GetProperty("sweep").EnumerateArray(), s => Assert.True(s.GetProperty("passes").GetBoolean()));

        var whole = await GroupJsonAsync("--row", "1", "--kmax", "6", "--tau-share", "100");
        Assert.Equal(1, whole.GetProperty("chosen_k").GetInt32());
        Assert.Equal(whole.GetProperty("total_mass").GetDouble(), whole.GetProperty("tau").GetDouble());
        Assert.Equal(JsonValueKind.Null, whole.GetProperty("note").ValueKind);

        var share = await GroupJsonAsync("--row", "1", "--kmax", "6", "--tau", "20%");
        Assert.Equal(Library(1, new GroupingOptions { KMax = 6 }, Tau.Share(0.2)).ChosenK, share.GetProperty("chosen_k").GetInt32());

        var none = await GroupJsonAsync("--row", "1", "--tau", "1e9");
        Assert.Equal(1, none.GetProperty("chosen_k").GetInt32());
        Assert.Contains("no k reaches tau", none.GetProperty("note").GetString());
    }

    [Fact]
    public async Task WithoutJsonItPrintsTheSweepAndTheChosenGroups()
    {
        var (code, output) = await RunAsync("group", "--sae", _sae, "--embeddings", _npy, "--row", "2", "--kmax", "5");

        Assert.True(code == 0, output);
        var expected = Library(2, new GroupingOptions { KMax = 5 }, Tau.Default);
        Assert.Contains("min mass", output);
        Assert.Contains("group sizes", output);
        Assert.Contains($"chosen k = {expected.ChosenK}", output);
        Assert.Contains($"{expected.ChosenK} *", output);
        foreach (var group in expected.Chosen!.Clusters)
            Assert.Contains(string.Join(", ", group.Features.Select(f => $"#{f}")), output);
    }

    [Theory]
    [InlineData("exclude each other", "--tau", "5", "--tau-share", "10")]
    [InlineData("--row 6 is outside the file's 6 rows", "--row", "6")]
    [InlineData("--row -1 is outside", "--row", "-1")]
    [InlineData("--kmax must be at least 1, got 0", "--kmax", "0")]
    [InlineData("--kmax must be at least 1, got -3", "--kmax", "-3")]
    [InlineData("--restarts must be at least 1", "--restarts", "0")]
    [InlineData("tau 'NaN' is not a finite number", "--tau", "NaN")]
    [InlineData("at most 100%", "--tau-share", "150")]
    public async Task BadArgumentsAreAClearErrorWithExitCode2(string message, params string[] extra)
    {
        string[] args = ["group", "--sae", _sae, "--embeddings", _npy, .. extra];
        if (!extra.Contains("--row")) args = [.. args, "--row", "0"];

        var (code, output) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.Contains("error:", output);
        Assert.Contains(message, output);
    }

    [Fact]
    public async Task AMissingRowIsAParseError()
    {
        var (code, output) = await RunAsync("group", "--sae", _sae, "--embeddings", _npy);

        Assert.NotEqual(0, code);
        Assert.Contains("--row", output);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
