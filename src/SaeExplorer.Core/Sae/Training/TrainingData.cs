using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Sae.Model;
using static TorchSharp.torch;

namespace SaeExplorer.Core.Sae.Training;

/// <summary>
/// The training rows as the SAE sees them: the seeded split, deterministic batches, and the input
/// normalisation (a per-row rescale, or the constant estimated from the training rows, which a resumed
/// run takes from its checkpoint).
/// </summary>
internal sealed class TrainingData : IDisposable
{
    private const int EstimateRows = 16384;

    private readonly IEmbeddingMatrix _data;
    private readonly SaeNormalization _normalization;
    private readonly Device _device;
    private readonly BatchSampler _sampler;
    private readonly float[] _batch;

    public DataSplit Split { get; }
    public int Columns => _data.Columns;
    public int BatchSize { get; }
    /// <summary>The constant of <see cref="SaeNormalization.ExpectedAverageOnlyIn"/>, else null.</summary>
    public float? ScaleConstant { get; }

    public TrainingData(IEmbeddingMatrix data, TrainerOptions o, float? savedScale, Device device)
    {
        _data = data;
        _normalization = o.Normalization;
        _device = device;
        Split = DataSplit.Create(data.Rows, o.HeldOutFraction, o.Seed);
        if (Split.Train.Length == 0) throw new ArgumentException($"no training rows: {data.Rows} rows with {TrainerOptions.Section}:HeldOutFraction {o.HeldOutFraction}");
        BatchSize = o.BatchSize;
        ScaleConstant = savedScale ?? (o.Normalization == SaeNormalization.ExpectedAverageOnlyIn ? EstimateScale() : null);
        _sampler = new BatchSampler(data, Split.Train, o.BatchSize, o.Seed);
        _batch = new float[o.BatchSize * data.Columns];
    }

    /// <summary>Batch number <paramref name="step"/>, normalised, on the training device.</summary>
    public Tensor Batch(int step)
    {
        _sampler.Fill(step, _batch);
        return Normalize(WeightStorage.FromSpan(_batch, BatchSize, Columns)).to(_device);
    }

    /// <summary>The given rows, normalised, on the training device.</summary>
    public Tensor Rows(IReadOnlyList<long> rows)
    {
        var buf = new float[rows.Count * Columns];
        for (var i = 0; i < rows.Count; i++) _data.ReadRows(rows[i], 1, buf.AsSpan(i * Columns, Columns));
        return Normalize(WeightStorage.FromSpan(buf, rows.Count, Columns)).to(_device);
    }

    /// <summary>The first training rows (up to 16,384), for estimates made once at the start.</summary>
    public long[] EstimateSample() => Split.Train[..Math.Min(Split.Train.Length, EstimateRows)];

    /// <summary>b_dec's starting value: the mean, or the geometric median (Weiszfeld iterations from the mean).</summary>
    public Tensor InitialDecoderBias(DecoderBiasInit init)
    {
        using var scope = NewDisposeScope();
        var x = Rows(EstimateSample()).cpu().to(ScalarType.Float64);
        var y = x.mean([0]);
        if (init == DecoderBiasInit.GeometricMedian)
        {
            for (var it = 0; it < 100; it++)
            {
                var w = 1.0 / (x - y).norm(1).clamp_min(1e-8);
                var next = (x * w.unsqueeze(1)).sum(0) / w.sum();
                var moved = (next - y).norm().item<double>();
                y = next;
                if (moved < 1e-7) break;
            }
        }
        return y.to(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    private Tensor Normalize(Tensor x) => _normalization switch
    {
        SaeNormalization.ConstantNormRescale => x * (MathF.Sqrt(x.shape[1]) / x.norm(1, keepdim: true).clamp_min(1e-12)),
        SaeNormalization.ExpectedAverageOnlyIn => x * ScaleConstant!.Value,
        _ => x,
    };

    /// <summary>SAELens: sqrt(d_in) / mean ||x|| over (a sample of) the training rows.</summary>
    private float EstimateScale()
    {
        var sample = EstimateSample();
        var row = new float[Columns];
        double sum = 0;
        foreach (var r in sample)
        {
            _data.ReadRows(r, 1, row);
            sum += System.Numerics.Tensors.TensorPrimitives.Norm(row);
        }
        var mean = sum / sample.Length;
        return mean > 0 ? (float)(Math.Sqrt(Columns) / mean) : 1f;
    }

    public void Dispose() => _sampler.Dispose();
}
