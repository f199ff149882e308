using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SaeExplorer.Core.Corpus;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Sae.Metrics;
using static TorchSharp.torch;

namespace SaeExplorer.Core.Tests.Sae;

public class PurityTests
{
    // 12 images: 0-5 in category 0 (A), 6-8 in 1 (B), 9-11 in 2 (C).
    private static readonly int[] Categories = [0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2];

    [Fact]
    public void HandCaseWithShortListsTiesAndAnExcludedUnit()
    {
        // unit 0 fires on 7 images: C 9, 8, 7 (images 9-11), B 6, 5, 4 (images 6-8), A 1 (image 0): top 7 = C3 B3 A1 -> 3/7.
        // unit 1 is 1 everywhere: ties go to the earlier images, top 8 = images 0-7 = A6 B2 -> 6/8 (the last 8 would give 3/8).
        // unit 2 fires on 4 images only (the rest negative): excluded.
        var acts = new float[12][];
        for (var i = 0; i < 12; i++) acts[i] = [0f, 1f, -1f];
        float[] unit0 = [1, 0, 0, 0, 0, 0, 6, 5, 4, 9, 8, 7];
        for (var i = 0; i < 12; i++) acts[i][0] = unit0[i];
        foreach (var i in new[] { 0, 6, 9, 10 }) acts[i][2] = 3f;

        var acc = new PurityAccumulator(3);
        for (var i = 0; i < 12; i++) acc.Add(acts[i], Categories[i]);
        var r = acc.Result();
        Assert.Equal((3.0 / 7 + 6.0 / 8) / 2, r.Purity, 1e-12);
        Assert.Equal(2, r.Units);
        Assert.Equal(3, r.Candidates);

        var strict = new PurityAccumulator(3, new PurityOptions { MinFiring = 8 });
        for (var i = 0; i < 12; i++) strict.Add(acts[i], Categories[i]);
        Assert.Equal(new UnitPurity(6.0 / 8, 1, 3), strict.Result());
    }

    [Fact]
    public void NoQualifyingUnitGivesNaN()
    {
        var acc = new PurityAccumulator(2);
        for (var i = 0; i < 4; i++) acc.Add([1f, 0f], 0);
        var r = acc.Result();
        Assert.True(double.IsNaN(r.Purity));
        Assert.Equal(0, r.Units);
    }

    [Fact]
    public void RawDimensionsBaselineOnAHandCaseSkipsRowsWithoutCategory()
    {
        // dim 0: cat rows 6..1, dog rows 0.5, 0.4 then negative: fires on 8, top 8 = 6 cat + 2 dog -> 0.75.
        // dim 1: positive on dog rows 8-11 only: 4 images, excluded. Row 12 (no category) would top both dims.
        float[] dim0 = [6, 5, 4, 3, 2, 1, 0.5f, 0.4f, -1, -1, -1, -1, 100];
        float[] dim1 = [-1, -1, -1, -1, -1, -1, -1, -1, 2, 2, 2, 2, 100];
        var data = new InMemoryEmbeddingMatrix(dim0.Zip(dim1).SelectMany(p => new[] { p.First, p.Second }).ToArray(), 2);
        string?[] categories = [.. Enumerable.Repeat("cat", 6), .. Enumerable.Repeat("dog", 6), null];
        using var sae = TinySae.Create(TinySae.Config());

        var report = Purity.Evaluate(sae, data, Enumerable.Range(0, 13).Select(i => (long)i).ToList(), categories);

        Assert.Equal(new UnitPurity(0.75, 1, 2), report.RawDimensions);
        Assert.Equal(12, report.Images);
        Assert.Equal(2, report.Categories);
        // The SAE side against the definition computed directly from the SAE's activations.
        var rows = new float[12 * 2];
        data.ReadRows(0, 12, rows);
        using var f = sae.Encode(tensor(rows, [12, 2]));
        var acts = f.data<float>().ToArray().Chunk(3).ToArray();
        var expected = ReferencePurity(acts, categories[..12].Select(c => c == "cat" ? 0 : 1).ToArray(), 8, 5);
        Assert.True(expected.Units > 0);
        Assert.Equal(expected.Purity, report.Sae.Purity, 1e-12);
        Assert.Equal(expected.Units, report.Sae.Units);
    }

    [Property(MaxTest = 60)]
    public Property AccumulatorMatchesTheDefinition() => Prop.ForAll(
        Gen.Choose(1, 40).Zip(Gen.Choose(1, 6)).Zip(Gen.Choose(1, 10)).Zip(Gen.Choose(0, int.MaxValue)).ToArbitrary(),
        t =>
        {
            var (((images, units), top), seed) = t;
            var rng = new Random(seed);
            // Small integer values (some <= 0) make ties common.
            var acts = Enumerable.Range(0, images).Select(_ => Enumerable.Range(0, units).Select(_ => (float)rng.Next(-2, 4)).ToArray()).ToArray();
            var cats = Enumerable.Range(0, images).Select(_ => rng.Next(3)).ToArray();
            var minFiring = rng.Next(1, 6);
            var acc = new PurityAccumulator(units, new PurityOptions { Top = top, MinFiring = minFiring });
            for (var i = 0; i < images; i++) acc.Add(acts[i], cats[i]);
            var got = acc.Result();
            var want = ReferencePurity(acts, cats, top, minFiring);
            return got.Units == want.Units && (got.Units == 0 ? double.IsNaN(got.Purity) : Math.Abs(got.Purity - want.Purity) < 1e-12);
        });

    [Fact]
    public void BadOptionsAndInputsAreNamed()
    {
        Assert.Contains("Top must be at least 1", Assert.Throws<ArgumentException>(() => new PurityAccumulator(3, new PurityOptions { Top = 0 })).Message);
        Assert.Contains("MinFiring", Assert.Throws<ArgumentException>(() => new PurityAccumulator(3, new PurityOptions { MinFiring = 0 })).Message);
        Assert.Contains("expected 3 activations", Assert.Throws<ArgumentException>(() => new PurityAccumulator(3).Add([1f], 0)).Message);
        using var sae = TinySae.Create(TinySae.Config());
        var data = new InMemoryEmbeddingMatrix([1, 2, 3, 4], 2);
        Assert.Contains("1 categories for 2 embedding rows",
            Assert.Throws<ArgumentException>(() => Purity.Evaluate(sae, data, [0L], ["a"])).Message);
    }

    [Fact]
    public void RowCategoriesFollowTheIds()
    {
        ManifestEntry[] manifest = [new("a", "a.jpg", "animals"), new("b", "b.jpg"), new("c", "c.jpg", "food")];
        Assert.Equal(new string?[] { "food", null, "animals", null }, RowCategories.FromManifest(["c", "b", "a", "zz"], manifest, "m.csv"));
        var e = Assert.Throws<InvalidDataException>(() => RowCategories.FromManifest(["x", "y"], manifest, "m.csv"));
        Assert.Contains("m.csv: none of the 2 row ids (first: 'x')", e.Message);
    }

    /// <summary>The definition written plainly: per unit, firing images sorted by (activation desc, image asc), first <paramref name="top"/>.</summary>
    private static (double Purity, int Units) ReferencePurity(float[][] acts, int[] cats, int top, int minFiring)
    {
        var scores = new List<double>();
        for (var u = 0; u < acts[0].Length; u++)
        {
            var firing = Enumerable.Range(0, acts.Length).Where(i => acts[i][u] > 0).ToList();
            if (firing.Count < minFiring) continue;
            var best = firing.OrderByDescending(i => acts[i][u]).ThenBy(i => i).Take(top).ToList();
            scores.Add(best.GroupBy(i => cats[i]).Max(g => g.Count()) / (double)best.Count);
        }
        return (scores.Count > 0 ? scores.Average() : double.NaN, scores.Count);
    }
}
