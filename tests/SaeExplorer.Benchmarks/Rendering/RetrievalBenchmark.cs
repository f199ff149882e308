using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Rendering.Retrieval;

namespace SaeExplorer.Benchmarks.Rendering;

/// <summary>
/// Exact cosine top-8 over 100,000 x 1280 synthetic embeddings in a memory-mapped .npy (512 MB as float32),
/// against the baseline of reading those bytes: summing every float of the same mapped file with 2 threads
/// (as the SAE benchmark's ReadFloorFp32). Target: the float32 query at most 1.2x the baseline. The float16 copy
/// of the corpus (256 MB) and the one-off row-norm pass are measured against the same floor.
/// </summary>
public class RetrievalBenchmark
{
    private const int Rows = 100_000, Columns = 1280, Threads = 2;

    private readonly string directory = Path.Combine(Path.GetTempPath(), $"saex-retrieval-bench-{Environment.ProcessId}");
    private NpyFile fp32 = null!, fp16 = null!;
    private RowNorms norms32 = null!, norms16 = null!;
    private float[] query = [];
    private readonly RetrievalOptions options = new() { Top = 8, Threads = Threads };

    [GlobalSetup]
    public void Setup()
    {
        Directory.CreateDirectory(directory);
        fp32 = NpyFile.Open(Write("fp32.npy", NpyDType.Float32));
        fp16 = NpyFile.Open(Write("fp16.npy", NpyDType.Float16));
        norms32 = RowNorms.Compute(fp32, options);
        norms16 = RowNorms.Compute(fp16, options);
        query = Row(new Random(99));
        ReadFloorFp32(); // fault every page of the mapping in before the first measured run
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        fp32.Dispose();
        fp16.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private string Write(string name, NpyDType dtype)
    {
        string path = Path.Combine(directory, name);
        var random = new Random(7);
        using NpyWriter writer = NpyWriter.Create(path, Columns, dtype);
        for (int r = 0; r < Rows; r++)
            writer.WriteRow(Row(random));
        writer.Complete();
        return path;
    }

    private static float[] Row(Random random)
    {
        var row = new float[Columns];
        for (int j = 0; j < Columns; j++)
            row[j] = random.NextSingle() * 2f - 1f;
        return row;
    }

    [Benchmark(Baseline = true, Description = "read floor: sum of the mapped fp32 file, 2 threads")]
    public float ReadFloorFp32()
    {
        var parts = new float[Threads];
        Parallel.For(0, Threads, t =>
        {
            int start = (int)((long)Rows * t / Threads), end = (int)((long)Rows * (t + 1) / Threads);
            parts[t] = TensorPrimitives.Sum(MemoryMarshal.Cast<byte, float>(fp32.RawRows(start, end - start)));
        });
        return parts.Sum();
    }

    [Benchmark(Description = "exact top-8, fp32 file")]
    public RetrievalHit[] NearestFp32() => ExactRetrieval.Nearest(fp32, norms32, query, options);

    [Benchmark(Description = "exact top-8, fp16 file")]
    public RetrievalHit[] NearestFp16() => ExactRetrieval.Nearest(fp16, norms16, query, options);

    [Benchmark(Description = "row norms, fp32 file (once per file)")]
    public RowNorms RowNormsFp32() => RowNorms.Compute(fp32, options);
}
