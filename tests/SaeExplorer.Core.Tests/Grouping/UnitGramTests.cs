using SaeExplorer.Core.Grouping;

namespace SaeExplorer.Core.Tests.Grouping;

public class UnitGramTests
{
    [Fact]
    public void CosinesOfHandPickedDirections()
    {
        // (3, 4), (4, 3), (0, -5): cosines 24/25, -4/5, -3/5; lengths do not matter.
        float[] rows = [3, 4, 4, 3, 0, -5];
        for (var i = 0; i < 3; i++) Assert.True(UnitDirections.Normalise(rows.AsSpan(2 * i, 2), i));

        var g = UnitGram.Compute(rows, 3, 2, 1);

        float[] expected = [1, 0.96f, -0.8f, 0.96f, 1, -0.6f, -0.8f, -0.6f, 1];
        for (var i = 0; i < 9; i++) Assert.Equal(expected[i], g[i], 1e-6f);
    }

    [Theory]
    [InlineData(9, 1280)]
    [InlineData(7, 37)]
    [InlineData(5, 3)]
    public void MatchesDoubleDotProductsWithAnyDimensionAndRowCount(int n, int d)
    {
        var random = new Random(n * d);
        var rows = Enumerable.Range(0, n * d).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        for (var i = 0; i < n; i++) UnitDirections.Normalise(rows.AsSpan(i * d, d), i);

        var g = UnitGram.Compute(rows, n, d, 2);

        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                var dot = 0.0;
                for (var p = 0; p < d; p++) dot += (double)rows[i * d + p] * rows[j * d + p];
                Assert.Equal(i == j ? 1 : dot, g[i * n + j], 1e-6);
                Assert.Equal(g[j * n + i], g[i * n + j]);
            }
    }

    [Fact]
    public void AZeroRowHasNoDirectionAndANaNIsAnError()
    {
        float[] zero = [0, 0, 0];
        Assert.False(UnitDirections.Normalise(zero, 4));
        Assert.Equal([0f, 0, 0], zero);
        float[] tiny = [1e-30f, 0, 0];
        Assert.True(UnitDirections.Normalise(tiny, 5));
        Assert.Equal([1f, 0, 0], tiny);
        var error = Assert.Throws<ArgumentException>(() => UnitDirections.Normalise(new[] { 1f, float.NaN }, 9));
        Assert.Contains("feature 9", error.Message);
    }
}
