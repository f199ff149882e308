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
/// of the corpus (256 MB) and the one-off row-norm pass are measured against the same floor. So are an image page's
/// group neighbours below the approximate index's size: 12 groups' top 6, the image's own row left out, one scan per
/// group (as before), one pass for all (<see cref="ExactRetrieval.NearestEach"/>) and the matrix product of
/// <see cref="ExactRetrieval.NearestMany"/> (built for thousands of queries).
/// </summary>
public class RetrievalBenchmark
{
    private const int Rows = 100_000, Columns = 1280, Threads = 2, Groups = 12;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"saex-retrieval-bench-{Environment.ProcessId}");
    private NpyFile _fp32 = null!, _fp16 = null!;
    private RowNorms _norms32 = null!, _norms16 = null!;
    private float[] _query = [];
    private readonly RetrievalOptions _options = new() { Top = 8, Threads = Threads };
    private float[] _groups = [];
    private readonly RetrievalOptions _groupOptions = new() { Top = 6, Threads = Threads, Exclude = [17] };

    [GlobalSetup]
    public void Setup()
    {
        Directory.CreateDirectory(_directory);
        _fp32 = NpyFile.Open(Write("fp32.npy", NpyDType.Float32));
        _fp16 = NpyFile.Open(Write("fp16.npy", NpyDType.Float16));
        _norms32 = RowNorms.Compute(_fp32, _options);
        _norms16 = RowNorms.Compute(_fp16, _options);
        _query = Row(new Random(99));
        var random = new Random(98);
        _groups = [.. Enumerable.Range(0, Groups).SelectMany(_ => Row(random))];
        ReadFloorFp32(); // fault every page of the mapping in before the first measured run
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _fp32.Dispose();
        _fp16.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private string Write(string name, NpyDType dtype)
    {
        string path = Path.Combine(_directory, name);
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
            parts[t] = TensorPrimitives.Sum(MemoryMarshal.Cast<byte, float>(_fp32.RawRows(start, end - start)));
        });
        return parts.Sum();
    }

    [Benchmark(Description = "exact top-8, fp32 file")]
    public RetrievalHit[] NearestFp32() => ExactRetrieval.Nearest(_fp32, _norms32, _query, _options);

    [Benchmark(Description = "exact top-8, fp16 file")]
    public RetrievalHit[] NearestFp16() => ExactRetrieval.Nearest(_fp16, _norms16, _query, _options);

    [Benchmark(Description = "12 groups' top 6, one exact scan per group (group neighbours before)")]
    public int GroupsOneScanEach()
    {
        int hits = 0;
        for (int g = 0; g < Groups; g++)
            hits += ExactRetrieval.Nearest(_fp32, _norms32, _groups.AsSpan(g * Columns, Columns), _groupOptions).Length;
        return hits;
    }

    [Benchmark(Description = "12 groups' top 6 in one pass (NearestEach, the image's row left out)")]
    public RetrievalHit[][] GroupsOnePass() => ExactRetrieval.NearestEach(_fp32, _norms32, _groups, Groups, _groupOptions);

    [Benchmark(Description = "12 groups' top 6 by matrix product (NearestMany, nothing left out)")]
    public RetrievalHit[][] GroupsMatrixProduct() =>
        ExactRetrieval.NearestMany(_fp32, _norms32, _groups, Groups, new RetrievalOptions { Top = 6, Threads = Threads });

    [Benchmark(Description = "row norms, fp32 file (once per file)")]
    public RowNorms RowNormsFp32() => RowNorms.Compute(_fp32, _options);
}
