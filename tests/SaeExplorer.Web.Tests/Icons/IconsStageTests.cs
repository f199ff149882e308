using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Core.Rendering.Icons;
using SaeExplorer.Core.Settings;
using SaeExplorer.Data.Saes;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Testing;
using SaeExplorer.Web.Services.Icons;
using SaeExplorer.Web.Services.Preparation;

namespace SaeExplorer.Web.Tests.Icons;

/// <summary>The icons stage over the hand-seeded workspace (signed-axis SAE, six rows), with the retrieval renderer.</summary>
public sealed class IconsStageTests : IAsyncLifetime
{
    private SeededWorkspace _seeded = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _seeded = await SeededWorkspace.CreateAsync();
        _services = _seeded.AddTo(new ServiceCollection()).AddSingleton<IconsStage>().BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        _seeded.Dispose();
    }

    private async Task<List<(int Done, int Total)>> RunAsync()
    {
        var reports = new List<(int, int)>();
        var files = WorkspaceFiles.For(_seeded.Options, SeededWorkspace.Name).Ensure();
        var sae = SaeTarget.Of((await _services.GetRequiredService<SaeStore>().OfWorkspaceAsync(_seeded.WorkspaceId))[0]);
        var context = new PreparationContext(_seeded.WorkspaceId, SeededWorkspace.Name, _seeded.Directory, null, null, files, sae,
            (done, total) => reports.Add((done, total)));
        await _services.GetRequiredService<IconsStage>().RunAsync(context, CancellationToken.None);
        return reports;
    }

    [Fact]
    public async Task EachAliveFeatureGetsTheRowNearestToItsMaxActivationOnTheCorpusMean()
    {
        var reports = await RunAsync();
        var workspace = (await _services.GetRequiredService<WorkspaceQueries>().FindAsync(SeededWorkspace.Name))!;
        var icons = _services.GetRequiredService<FeatureIcons>().For(workspace);

        // Feature 5 (relu(-x_1)) never fires: no icon. The other seven do.
        Assert.Equal([0, 1, 2, 3, 4, 6, 7], icons.ByFeature.Keys.Order());
        Assert.Equal((7, 7), reports[^1]);
        Assert.Equal((0, 7), reports[0]);
        // The mean of the six rows is m = [0.375, 0.5, 2/3, -0.25]; its code f0 = 0.375, f1 = 0.5, f2 = 2/3, f7 = 0.25.
        // Icons are scored from the mean: cos(x - m, steered - m), steered - m = (v - f_i(m)) W_dec[i].
        // f0 at its max 3: along +e0; nearest img-0, x - m = [2.625, -0.5, -5/3, 0.75] (cos 2.625 / 3.2375 = 0.811).
        // f1 at 2: along +e1; nearest img-1, x - m = [-0.375, 1.5, -2/3, 0.25] (cos 1.5 / 1.7022 = 0.881).
        // f7 at 3 (decoder -e3): along -e3; nearest img-4, x - m = [-0.375, -0.5, 10/3, -2.75] (cos 2.75 / 4.3663 = 0.630).
        Assert.Equal((0, 0.811f), (icons.Of(0)!.Row!.Value, icons.Of(0)!.Cosine!.Value), new RowCosine());
        Assert.Equal((1, 0.881f), (icons.Of(1)!.Row!.Value, icons.Of(1)!.Cosine!.Value), new RowCosine());
        Assert.Equal((4, 0.630f), (icons.Of(7)!.Row!.Value, icons.Of(7)!.Cosine!.Value), new RowCosine());
        Assert.Equal(3f, icons.Of(0)!.Value); // Icons:ValueRelativeToMax 1: the max activation
        Assert.Equal("nearest corpus image to the feature's direction on the mean embedding (cos 0.81)", icons.Tooltip(icons.Of(0)!));
        foreach (var (feature, icon) in icons.ByFeature)
        {
            var (row, cosine) = BruteForce(feature, icon.Value);
            Assert.Equal(row, icon.Row);
            Assert.Equal(cosine, icon.Cosine!.Value, 1e-5);
        }
    }

    [Fact]
    public async Task ASecondRunFindsEveryIconDoneAndDrawsNone()
    {
        await RunAsync();
        var folder = FeatureIcons.Folder((await _services.GetRequiredService<WorkspaceQueries>().FindAsync(SeededWorkspace.Name))!);
        var written = File.GetLastWriteTimeUtc(folder.SetPath);

        var reports = await RunAsync();

        Assert.Equal([(7, 7)], reports);
        Assert.Equal(written, File.GetLastWriteTimeUtc(folder.SetPath));
    }

    [Fact]
    public async Task DisabledItDrawsNothing()
    {
        await _services.DisposeAsync();
        _services = _seeded.AddTo(new ServiceCollection(), new Dictionary<string, string?> { ["Icons:Enabled"] = "false" }).AddSingleton<IconsStage>().BuildServiceProvider();
        var reports = await RunAsync();
        Assert.Empty(reports);
        Assert.False(File.Exists(FeatureIcons.Folder((await _services.GetRequiredService<WorkspaceQueries>().FindAsync(SeededWorkspace.Name))!).SetPath));
    }

    /// <summary>Float64 reference: steered = mean + (v - f_i(mean)) W_dec[i] under the signed-axis SAE, nearest row by
    /// cosine from the mean.</summary>
    private static (int Row, double Cosine) BruteForce(int feature, float value)
    {
        var rows = SeededWorkspace.Rows;
        int axis = feature % SeededWorkspace.DIn;
        double sign = feature < SeededWorkspace.DIn ? 1 : -1;
        double[] mean = [.. Enumerable.Range(0, SeededWorkspace.DIn).Select(j => rows.Average(r => (double)r[j]))];
        double code = Math.Max(0, sign * mean[axis]);
        double[] steered = [.. mean];
        steered[axis] += (value - code) * sign;
        double[] FromMean(IEnumerable<double> x) => [.. x.Select((v, j) => v - mean[j])];
        return rows.Select((r, i) => (Row: i, Cosine: Cosine(FromMean(r.Select(v => (double)v)), FromMean(steered))))
            .OrderByDescending(h => h.Cosine).ThenBy(h => h.Row).First();
    }

    private static double Cosine(double[] a, double[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var j = 0; j < a.Length; j++)
        {
            dot += a[j] * b[j];
            na += a[j] * a[j];
            nb += b[j] * b[j];
        }
        return dot / Math.Sqrt(na * nb);
    }

    /// <summary>Same row, cosine to the three decimals worked by hand.</summary>
    private sealed class RowCosine : IEqualityComparer<(int, float)>
    {
        public bool Equals((int, float) x, (int, float) y) => x.Item1 == y.Item1 && Math.Abs(x.Item2 - y.Item2) < 5e-4;

        public int GetHashCode((int, float) obj) => obj.Item1;
    }
}
