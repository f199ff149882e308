using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
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

    private TorchFeatureSource source = null!;
    private ArrayEmbeddingRows embeddings = null!;
    private Tensor x = null!;
    private FeatureIndexBuilder builder = null!;

    [GlobalSetup]
    public void Setup()
    {
        UsePatchedLibTorchSharp();
        manual_seed(1);
        source = new TorchFeatureSource(randn(DIn, DSae).div_(MathF.Sqrt(DIn)), full(DSae, -3f));
        using Tensor corpus = randn(Rows, DIn);
        embeddings = new ArrayEmbeddingRows(MemoryMarshal.Cast<byte, float>(corpus.bytes).ToArray(), DIn);
        x = randn(Batch, DIn);
        builder = new FeatureIndexBuilder(new FeatureIndexOptions { BatchSize = Batch });
        FeatureIndex check = builder.BuildShard(source, embeddings, 0, 1);
        double active = Enumerable.Range(0, DSae).Sum(j => (double)check[j].FiringCount) / Rows;
        Console.WriteLine($"// active features per row: {active:F1}");
    }

    /// <summary>
    /// BenchmarkDotNet's generated child build gets an unpatched libLibTorchSharp.so (the GLIBCXX
    /// step of Directory.Build.targets does not reach it), which Debian 12 cannot load. Before libtorch
    /// is first touched, replace it with the host project's patched copy from an enclosing build output.
    /// </summary>
    private static void UsePatchedLibTorchSharp()
    {
        const string Relative = "runtimes/linux-x64/native/libLibTorchSharp.so";
        string own = Path.Combine(AppContext.BaseDirectory, Relative);
        if (!OperatingSystem.IsLinux() || !File.Exists(own))
            return;
        for (DirectoryInfo? dir = new DirectoryInfo(AppContext.BaseDirectory).Parent; dir is not null; dir = dir.Parent)
        {
            string host = Path.Combine(dir.FullName, Relative);
            if (File.Exists(host))
            {
                if (!File.ReadAllBytes(host).AsSpan().SequenceEqual(File.ReadAllBytes(own)))
                    File.Copy(host, own, overwrite: true);
                return;
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        source.Dispose();
        x.Dispose();
    }

    [Benchmark(Baseline = true, Description = "bare addmm, 8 x [256x1280]x[1280x81920]")]
    public long BareAddmm()
    {
        long n = 0;
        for (int b = 0; b < Rows / Batch; b++)
        {
            using Tensor y = addmm(source.Bias, x, source.Encoder, beta: 1, alpha: 1);
            n += y.shape[0];
        }
        return n;
    }

    [Benchmark(Description = "index build, 2048 rows")]
    public long IndexBuild() => builder.BuildShard(source, embeddings, 0, 1).RowCount;

    /// <summary>A ReLU SAE encoder in libtorch: f = relu(x W_enc + b_enc), copied out to the managed span.</summary>
    private sealed class TorchFeatureSource(Tensor encoder, Tensor bias) : IFeatureSource, IDisposable
    {
        private readonly Tensor input = zeros(Batch, encoder.shape[0]);

        public Tensor Encoder => encoder;

        public Tensor Bias => bias;

        public int InputDimension => (int)encoder.shape[0];

        public int FeatureCount => (int)encoder.shape[1];

        public void EncodeBatch(ReadOnlySpan<float> rows, int count, Span<float> activations)
        {
            rows[..(count * InputDimension)].CopyTo(MemoryMarshal.Cast<byte, float>(input.bytes));
            using Tensor x = input.narrow(0, 0, count);
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
            input.Dispose();
            encoder.Dispose();
            bias.Dispose();
        }
    }
}
