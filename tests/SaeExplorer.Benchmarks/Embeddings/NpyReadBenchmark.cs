using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using SaeExplorer.Core.Embeddings;

namespace SaeExplorer.Benchmarks.Embeddings;

/// <summary>
/// Reading every row of a 100k x 512 float32 file (~205 MB, warm in the page cache) through the
/// memory map, against the baseline of streaming the same bytes with a plain FileStream, so the
/// Ratio column is time relative to a sequential read.
/// </summary>
[MemoryDiagnoser]
public class NpyReadBenchmark
{
    private const int Rows = 100_000;
    private const int Columns = 512;

    private string _directory = null!;
    private string _path = null!;
    private NpyFile _file = null!;
    private float[] _row = null!;
    private byte[] _chunk = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "saex-bench-" + Guid.NewGuid().ToString("N"));
        _path = Path.Combine(_directory, "embeddings.npy");
        var random = new Random(1);
        var values = new float[Columns];
        using (NpyWriter writer = NpyWriter.Create(_path, Columns))
        {
            for (int r = 0; r < Rows; r++)
            {
                for (int c = 0; c < Columns; c++)
                    values[c] = random.NextSingle();
                writer.WriteRow(values);
            }
            writer.Complete();
        }
        _file = NpyFile.Open(_path);
        _row = new float[Columns];
        _chunk = new byte[1 << 20];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _file.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "FileStream sequential 1 MB reads")]
    public long FileStreamRead()
    {
        using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        long total = 0;
        int read;
        while ((read = stream.Read(_chunk, 0, _chunk.Length)) > 0)
            total += read;
        return total;
    }

    [Benchmark(Description = "Mapped ReadRow (copy each row)")]
    public float MappedReadRow()
    {
        float last = 0;
        for (long r = 0; r < _file.Rows; r++)
        {
            _file.ReadRow(r, _row);
            last += _row[Columns - 1];
        }
        return last;
    }

    [Benchmark(Description = "Mapped RowSpan (zero copy, sum)")]
    public float MappedRowSpanSum()
    {
        float sum = 0;
        for (long r = 0; r < _file.Rows; r++)
            sum += TensorPrimitives.Sum(_file.RowSpan(r));
        return sum;
    }
}
