using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Indexing;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace SaeExplorer.Benchmarks.Indexing;

/// <summary>
/// Feature-index build throughput on a 2,048-row corpus at d_in 1280, d_sae 81,920, batch 256, with a
/// libtorch ReLU SAE (addmm + relu, copied out densely), against the baseline of the bare batched
/// addmm of the same shapes (8 batches of 256 x 1280 times 1280 x 81,920). The Ratio column is the
/// build's time over the baseline's; the target is throughput &gt;= 0.8x, i.e. Ratio &lt;= 1.25.
/// The bias puts ~110 features (~0.13%) above zero per row, as in a trained SAE.
/// </summary>
public class IndexBuildBenchmark
{
    private const int Rows = 2048, DIn = 1280, DSae = 81_920, Batch = 256;

    private TorchFeatureSource _source = null!;
    private InMemoryEmbeddingMatrix _embeddings = null!;
    private Tensor _x = null!;
    private FeatureIndexBuilder _builder = null!;

    [GlobalSetup]
    public void Setup()
    {
        manual_seed(1);
        _source = new TorchFeatureSource(randn(DIn, DSae).div_(MathF.Sqrt(DIn)), full(DSae, -3f));
        using Tensor corpus = randn(Rows, DIn);
        _embeddings = new InMemoryEmbeddingMatrix(MemoryMarshal.Cast<byte, float>(corpus.bytes).ToArray(), DIn);
        _x = randn(Batch, DIn);
        _builder = new FeatureIndexBuilder(new FeatureIndexOptions { BatchSize = Batch });
        FeatureIndex check = _builder.BuildShard(_source, _embeddings, 0, 1);
        double active = Enumerable.Range(0, DSae).Sum(j => (double)check[j].FiringCount) / Rows;
        Console.WriteLine($"// active features per row: {active:F1}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _source.Dispose();
        _x.Dispose();
    }

    [Benchmark(Baseline = true, Description = "bare addmm, 8 x [256x1280]x[1280x81920]")]
    public long BareAddmm()
    {
        long n = 0;
        for (int b = 0; b < Rows / Batch; b++)
        {
            using Tensor y = addmm(_source.Bias, _x, _source.Encoder, beta: 1, alpha: 1);
            n += y.shape[0];
        }
        return n;
    }

    [Benchmark(Description = "index build, 2048 rows")]
    public long IndexBuild() => _builder.BuildShard(_source, _embeddings, 0, 1).RowCount;

    /// <summary>A ReLU SAE encoder in libtorch: f = relu(x W_enc + b_enc), copied out to the managed span.</summary>
    private sealed class TorchFeatureSource(Tensor encoder, Tensor bias) : IFeatureSource, IDisposable
    {
        private readonly Tensor _input = zeros(Batch, encoder.shape[0]);

        public Tensor Encoder => encoder;

        public Tensor Bias => bias;

        public int InputDimension => (int)encoder.shape[0];

        public int FeatureCount => (int)encoder.shape[1];

        public void EncodeBatch(ReadOnlySpan<float> rows, int count, Span<float> activations)
        {
            rows[..(count * InputDimension)].CopyTo(MemoryMarshal.Cast<byte, float>(_input.bytes));
            using Tensor x = _input.narrow(0, 0, count);
            using Tensor y = addmm(bias, x, encoder, beta: 1, alpha: 1);
            y.relu_();
            MemoryMarshal.Cast<byte, float>(y.bytes).CopyTo(activations);
        }

        // Tied weights (W_dec = W_enc^T): only the neighbour search reads it, not this benchmark.
        public void CopyDecoderRows(int firstFeature, int count, Span<float> destination)
        {
            using Tensor rows = encoder.narrow(1, firstFeature, count).t().contiguous();
            MemoryMarshal.Cast<byte, float>(rows.bytes).CopyTo(destination);
        }

        public void Dispose()
        {
            _input.Dispose();
            encoder.Dispose();
            bias.Dispose();
        }
    }
}
