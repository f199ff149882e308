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
        // Chance for the pool A6 B3 C3, by enumerating its subsets: 479/924 for 7 images (unit 0), 133/264 for 8 (unit 1).
        Assert.Equal((479.0 / 924 + 133.0 / 264) / 2, r.Chance, 1e-12);
        Assert.Equal((3.0 / 7 + 6.0 / 8) / 2 - (479.0 / 924 + 133.0 / 264) / 2, r.Lift, 1e-12);
        // Standard error of two values a, b: |a - b| / 2.
        Assert.Equal((6.0 / 8 - 3.0 / 7) / 2, r.StandardError, 1e-12);

        var strict = new PurityAccumulator(3, new PurityOptions { MinFiring = 8 });
        for (var i = 0; i < 12; i++) strict.Add(acts[i], Categories[i]);
        var one = strict.Result();
        Assert.Equal((6.0 / 8, 1, 3), (one.Purity, one.Units, one.Candidates));
        Assert.Equal(133.0 / 264, one.Chance, 1e-12);
        Assert.True(double.IsNaN(one.StandardError)); // one unit: no spread to measure
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

        Assert.Equal((0.75, 1, 2), (report.RawDimensions.Purity, report.RawDimensions.Units, report.RawDimensions.Candidates));
        // Its chance: 8 of the 6 cat and 6 dog images at random, every draw enumerated.
        Assert.Equal(ExhaustiveChance([6, 6], 8), report.RawDimensions.Chance, 1e-12);
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
            return got.Units == want.Units && (got.Units == 0
                ? double.IsNaN(got.Purity)
                : Math.Abs(got.Purity - want.Purity) < 1e-12 && Math.Abs(got.Chance - want.Chance) < 1e-12 &&
                  (got.Units == 1 ? double.IsNaN(got.StandardError) : Math.Abs(got.StandardError - want.Error) < 1e-9));
        });

    [Fact]
    public void ChanceOnHandCases()
    {
        // Two of A A B B: 2 of the 6 pairs are one category (purity 1), 4 are mixed (1/2): (2 + 2) / 6.
        Assert.Equal(4.0 / 6, PurityChance.Expected([2, 2], 2), 1e-12);
        Assert.Equal(1.0, PurityChance.Expected([5], 3), 1e-12);      // one category: always pure
        Assert.Equal(1.0, PurityChance.Expected([3, 4, 0, 2], 1), 1e-12); // one image: always pure
        Assert.Equal(1.0 / 3, PurityChance.Expected([1, 1, 1], 3), 1e-12);
        Assert.Contains("cannot draw 4 of 3", Assert.Throws<ArgumentException>(() => PurityChance.Expected([1, 2], 4)).Message);
        Assert.Contains("negative", Assert.Throws<ArgumentException>(() => PurityChance.Expected([1, -2], 1)).Message);
    }

    [Property(MaxTest = 80)]
    public Property ChanceMatchesEveryDrawEnumerated() => Prop.ForAll(
        Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 4), n)).Zip(Gen.Choose(1, 8)).ToArbitrary(),
        t =>
        {
            var (counts, draw) = t;
            if (draw > counts.Sum()) return true;
            return Math.Abs(PurityChance.Expected(counts, draw) - ExhaustiveChance(counts, draw)) < 1e-12;
        });

    [Fact]
    public void ChanceOfALargePoolIsTheMultinomialLimit()
    {
        // 100,000 images in two equal halves, 8 drawn: nearly as with replacement, where the larger half of the draw
        // is max(k, 8 - k) for k ~ Binomial(8, 1/2): sum_k C(8, k) max(k, 8 - k) / 2^8 / 8.
        var withReplacement = Enumerable.Range(0, 9).Sum(k => Binomial(8, k) * Math.Max(k, 8 - k)) / 256.0 / 8;
        Assert.Equal(withReplacement, PurityChance.Expected([50_000, 50_000], 8), 1e-4);
    }

    private static double Binomial(int n, int k) => k == 0 ? 1 : Binomial(n, k - 1) * (n - k + 1) / k;

    /// <summary>Mean purity over every <paramref name="draw"/>-subset of the pool, enumerated.</summary>
    private static double ExhaustiveChance(int[] counts, int draw)
    {
        var pool = counts.SelectMany((n, c) => Enumerable.Repeat(c, n)).ToArray();
        double sum = 0;
        long subsets = 0;
        void Pick(int from, List<int> chosen)
        {
            if (chosen.Count == draw)
            {
                sum += chosen.GroupBy(c => c).Max(g => g.Count()) / (double)draw;
                subsets++;
                return;
            }
            for (var i = from; i <= pool.Length - (draw - chosen.Count); i++)
            {
                chosen.Add(pool[i]);
                Pick(i + 1, chosen);
                chosen.RemoveAt(chosen.Count - 1);
            }
        }
        Pick(0, []);
        return sum / subsets;
    }

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

    /// <summary>The definition written plainly: per unit, firing images sorted by (activation desc, image asc), first
    /// <paramref name="top"/>; its chance from the pool of every image added; the standard error of the mean.</summary>
    private static (double Purity, int Units, double Chance, double Error) ReferencePurity(float[][] acts, int[] cats, int top, int minFiring)
    {
        var pool = cats.GroupBy(c => c).Select(g => g.Count()).ToArray();
        var scores = new List<double>();
        var chances = new List<double>();
        for (var u = 0; u < acts[0].Length; u++)
        {
            var firing = Enumerable.Range(0, acts.Length).Where(i => acts[i][u] > 0).ToList();
            if (firing.Count < minFiring) continue;
            var best = firing.OrderByDescending(i => acts[i][u]).ThenBy(i => i).Take(top).ToList();
            scores.Add(best.GroupBy(i => cats[i]).Max(g => g.Count()) / (double)best.Count);
            chances.Add(PurityChance.Expected(pool, best.Count));
        }
        if (scores.Count == 0) return (double.NaN, 0, double.NaN, double.NaN);
        var mean = scores.Average();
        var error = scores.Count > 1 ? Math.Sqrt(scores.Sum(p => (p - mean) * (p - mean)) / (scores.Count - 1) / scores.Count) : double.NaN;
        return (mean, scores.Count, chances.Average(), error);
    }
}
