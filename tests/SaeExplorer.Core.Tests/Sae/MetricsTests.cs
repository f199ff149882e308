using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Sae.Metrics;
using SaeExplorer.Core.Sae.Model;
using SaeExplorer.Core.Sae.Training;

namespace SaeExplorer.Core.Tests.Sae;

public class MetricsTests
{
    // x = [1,0], [0,1], [1,1]; x_hat = [1,0], [0,0.5], [1,0]; f = [1,0,0], [0,2,0], [1,1,0]
    // squared errors 0, 0.25, 1 -> 1.25; mean x = [2/3, 2/3]; sum ||x - mean||^2 = 5/9 + 5/9 + 2/9 = 4/3
    private static MetricsAccumulator Hand()
    {
        var acc = new MetricsAccumulator(2, 3);
        acc.Add([1, 0], [1, 0], [1, 0, 0]);
        acc.Add([0, 1], [0, 0.5f], [0, 2, 0]);
        acc.Add([1, 1], [1, 0], [1, 1, 0]);
        return acc;
    }

    [Fact]
    public void FormulasMatchHandComputation()
    {
        var m = Hand().Result(denseCut: 0.5);
        Assert.Equal(3, m.Samples);
        Assert.Equal(1 - 1.25 / (4.0 / 3), m.ExplainedVariance, 1e-12); // 0.0625
        Assert.Equal(1.25 / 6, m.Mse, 1e-12);
        Assert.Equal((1 + 1 + 1 / Math.Sqrt(2)) / 3, m.MeanCosine, 1e-12);
        Assert.Equal(4.0 / 3, m.L0, 1e-12);
        Assert.Equal(1.0 / 3, m.DeadShare, 1e-12);
        Assert.Equal(2.0 / 3, m.DenseShare, 1e-12);
        Assert.Equal(0, Hand().Result(denseCut: 0.7).DenseShare);
        // Two features fire on 2/3 of inputs: log10(2/3) = -0.176 -> bin [-0.5, 0) = index 11 of 12.
        Assert.Equal(13, m.Histogram.Log10Edges.Length);
        Assert.Equal(-0.5, m.Histogram.Log10Edges[11]);
        Assert.Equal(2, m.Histogram.Counts[11]);
        Assert.Equal(2, m.Histogram.Counts.Sum());
        Assert.Equal(1, m.Histogram.DeadCount);
    }

    [Fact]
    public void JsonRoundTrips()
    {
        var m = Hand().Result();
        var json = m.ToJson();
        Assert.Contains("\"explained_variance\"", json);
        var back = SaeMetrics.FromJson(json);
        Assert.Equal(m.ExplainedVariance, back.ExplainedVariance);
        Assert.Equal(m.Histogram.Counts, back.Histogram.Counts);
        Assert.Equal(m.Histogram.Log10Edges, back.Histogram.Log10Edges);
    }

    [Fact]
    public void EvaluatorRunsTheSaeOverEmbeddings()
    {
        // Tiny SAE on x = [2, 1]: f = [1.5, 2, 0.5], x_hat = [2.25, 1.75]; error 0.0625 + 0.5625 = 0.625.
        using var sae = TinySae.Create(TinySae.Config());
        var data = new InMemoryEmbeddingMatrix([2, 1, 2, 1], 2);
        var m = SaeEvaluator.Evaluate(sae, data);
        Assert.Equal(2, m.Samples);
        Assert.Equal(0.625 / 2, m.Mse, 1e-6);
        Assert.Equal(3, m.L0, 1e-12);
        Assert.Equal(0, m.DeadShare);
        Assert.Equal((2 * 2.25 + 1.75) / (Math.Sqrt(5) * Math.Sqrt(2.25 * 2.25 + 1.75 * 1.75)), m.MeanCosine, 1e-6);
        Assert.True(double.IsNaN(m.ExplainedVariance)); // identical rows: no variance to explain
    }
}
