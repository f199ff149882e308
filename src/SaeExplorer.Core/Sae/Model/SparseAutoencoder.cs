using System.Runtime.InteropServices;
using SaeExplorer.Core.Sae.Loading;
using TorchSharp;
using static TorchSharp.torch;

namespace SaeExplorer.Core.Sae.Model;

/// <summary>
/// A loaded sparse autoencoder (CPU). Weights may be stored in fp16/bf16 to halve memory; biases,
/// inputs, outputs and accumulation are float32.
/// Every public method runs under no_grad and a dispose scope, so repeated calls do not grow native memory;
/// tensors returned to the caller belong to the caller.
/// </summary>
public sealed class SparseAutoencoder : IDisposable
{
    // W_enc kept transposed, [d_sae, d_in], so each feature's weights are contiguous for the batch-1
    // kernels (FloatMatVec, HalfMatVec); batched addmm reads the transposed view with no copy.
    private readonly Tensor _wEnc;
    private readonly Tensor _bEnc;      // [d_sae] f32
    private readonly Tensor _wDec;      // [d_sae, d_in] storage dtype
    private readonly Tensor _bDec;      // [d_in] f32
    private readonly Tensor? _threshold; // [d_sae] f32
    private readonly float[] _thresholdManaged;
    private bool _disposed;

    /// <summary>Batches up to this size with 16-bit weights use the row kernel; larger ones convert weight chunks to fp32.</summary>
    private const int HalfKernelMaxBatch = 4;
    /// <summary>The row kernel reads all of W_enc per input row, addmm once per batch: with fp32 weights
    /// (no widening to pay for) only batch 1 takes the kernel.</summary>
    private const int FloatKernelMaxBatch = 1;
    private const int HalfChunkRows = 8192;

    public SaeConfig Config { get; }

    /// <summary>log10 feature density per feature (SAELens sparsity.safetensors), when known.</summary>
    public float[]? LogFeatureDensity { get; init; }

    public int DIn => Config.DIn;
    public int DSae => Config.DSae;

    /// <summary>Number of threads for the batch-1 kernels.</summary>
    public int KernelThreads { get; set; } = Environment.ProcessorCount;

    /// <summary>Copies (and casts to <see cref="SaeConfig.DType"/>) the given tensors; the caller keeps ownership of its inputs.</summary>
    /// <param name="wEnc">[d_in, d_sae]</param><param name="bEnc">[d_sae]</param>
    /// <param name="wDec">[d_sae, d_in]</param><param name="bDec">[d_in]</param>
    /// <param name="threshold">[d_sae], JumpReLU only</param>
    public SparseAutoencoder(SaeConfig config, Tensor wEnc, Tensor bEnc, Tensor wDec, Tensor bDec, Tensor? threshold = null)
        : this(config, Copies(config, wEnc, bEnc, wDec, bDec, threshold))
    {
    }

    private SparseAutoencoder(SaeConfig config, (Tensor WEnc, Tensor BEnc, Tensor WDec, Tensor BDec, Tensor? Threshold) owned)
    {
        Config = config;
        (_wEnc, _bEnc, _wDec, _bDec, _threshold) = owned;
        _thresholdManaged = _threshold is null ? [] : WeightStorage.ToFloatArray(_threshold);
    }

    /// <summary>
    /// Takes the tensors as they are, no copy: what a loader that read each weight once into its final place hands over.
    /// W_enc comes feature-major, [d_sae, d_in] (the layout kept here), both matrices contiguous in the config's dtype,
    /// biases and threshold float32.
    /// </summary>
    internal static SparseAutoencoder Adopt(SaeConfig config, Tensor wEncFeatureMajor, Tensor bEnc, Tensor wDec, Tensor bDec, Tensor? threshold,
        float[]? logDensity)
    {
        config.Validate();
        WeightValidator.CheckShapes(config, [wEncFeatureMajor.shape[1], wEncFeatureMajor.shape[0]], bEnc.shape, wDec.shape, bDec.shape, threshold?.shape);
        foreach (var (name, w) in new[] { ("W_enc", wEncFeatureMajor), ("W_dec", wDec) })
            if (w.dtype != config.DType.ToTorch() || !w.is_contiguous())
                throw new ArgumentException($"{name} must be contiguous {config.DType}, got {w.dtype}", nameof(wDec));
        return new SparseAutoencoder(config, (wEncFeatureMajor.DetachFromDisposeScope(), bEnc.DetachFromDisposeScope(), wDec.DetachFromDisposeScope(),
            bDec.DetachFromDisposeScope(), threshold?.DetachFromDisposeScope()))
        { LogFeatureDensity = logDensity };
    }

    private static (Tensor, Tensor, Tensor, Tensor, Tensor?) Copies(SaeConfig config, Tensor wEnc, Tensor bEnc, Tensor wDec, Tensor bDec, Tensor? threshold)
    {
        config.Validate();
        WeightValidator.CheckShapes(config, wEnc.shape, bEnc.shape, wDec.shape, bDec.shape, threshold?.shape);
        using var _ = no_grad();
        using var scope = NewDisposeScope(); // frees the casts/transposes made on the way
        var wEncStored = Stored("W_enc", wEnc, config.DType, transpose: true);
        var wDecStored = Stored("W_dec", wDec, config.DType, transpose: false);
        // Owned tensors must outlive any dispose scope the caller (e.g. a loader) is running in.
        return (wEncStored.clone().DetachFromDisposeScope(), bEnc.detach().to(ScalarType.Float32).contiguous().clone().DetachFromDisposeScope(),
            wDecStored.clone().DetachFromDisposeScope(), bDec.detach().to(ScalarType.Float32).contiguous().clone().DetachFromDisposeScope(),
            threshold?.detach().to(ScalarType.Float32).contiguous().clone().DetachFromDisposeScope());
    }

    /// <summary>Weights (optionally transposed) cast to their storage dtype, which must keep them finite: the
    /// batch-1 kernel reads inf and NaN halves as finite numbers, and fp16 ends at 65504.</summary>
    internal static Tensor Stored(string name, Tensor w, SaeWeightDType dtype, bool transpose)
    {
        var stored = (transpose ? w.detach().t() : w.detach()).to(dtype.ToTorch()).contiguous();
        if (dtype != SaeWeightDType.Float32 && !stored.isfinite().all().item<bool>())
            throw new SaeFormatException(
                $"{name} {WeightValidator.Shape(w.shape)} is not finite once stored as {dtype} (fp16 ends at 65504): keep it in a wider dtype");
        return stored;
    }

    // ---- weights (owned by this SAE: do not dispose) ----

    /// <summary>A new [d_in, d_sae] float32 copy of W_enc.</summary>
    public Tensor EncoderWeightsFloat32()
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        return _wEnc.t().to(ScalarType.Float32).contiguous().clone().MoveToOuterDisposeScope();
    }

    /// <summary>W_enc in storage dtype, [d_in, d_sae] (copy).</summary>
    public Tensor EncoderWeights()
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        return _wEnc.t().contiguous().clone().MoveToOuterDisposeScope();
    }

    /// <summary>W_dec [d_sae, d_in] in storage dtype. Owned by this SAE.</summary>
    public Tensor DecoderWeights => _wDec;
    public Tensor EncoderBias => _bEnc;
    public Tensor DecoderBias => _bDec;
    public Tensor? Threshold => _threshold;

    /// <summary>Decoder direction of one feature as float32.</summary>
    public float[] DecoderRow(int feature)
    {
        var row = new float[DIn];
        WeightStorage.ReadRow(_wDec, feature, row);
        return row;
    }

    /// <summary>Bytes held by the weight tensors.</summary>
    public long WeightBytes => (_wEnc.NumberOfElements + _wDec.NumberOfElements) * _wEnc.ElementSize
                               + (_bEnc.NumberOfElements + _bDec.NumberOfElements) * 4;

    // ---- encode ----

    /// <summary>Dense activations [B, d_sae] (float32) for inputs [B, d_in] or [d_in].</summary>
    public Tensor Encode(Tensor x)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return Activations(PrepareInput(x), out _).MoveToOuterDisposeScope();
    }

    /// <summary>f for prepared inputs; <paramref name="scale"/> is the per-input normalisation to undo on decode.</summary>
    private Tensor Activations(Tensor xf, out Tensor? scale)
    {
        scale = InputScale(xf);
        return SaeForward.Activate(Config, PreActivations(SaeInput(xf, scale)), _threshold);
    }

    /// <summary>Dense activations of one input.</summary>
    public float[] Encode(ReadOnlySpan<float> x)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckLength(x, DIn, nameof(x));
        var pre = new float[DSae];
        PreActivationsSingle(x, pre);
        Activation.Apply(Config, pre, _thresholdManaged);
        return pre;
    }

    /// <summary>Active features of one input, sorted by activation descending.</summary>
    public SparseCode EncodeSparse(ReadOnlySpan<float> x) => SparseCode.FromDense(Encode(x));

    /// <summary>Active features of each row of a row-major [count, d_in] block.</summary>
    public SparseCode[] EncodeSparse(ReadOnlySpan<float> rows, int count)
    {
        if (rows.Length != (long)count * DIn)
            throw new ArgumentException($"expected {count} x {DIn} = {(long)count * DIn} floats, got {rows.Length}", nameof(rows));
        if (count == 0) return [];
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        using var x = WeightStorage.FromSpan(rows, count, DIn);
        using var f = Encode(x);
        var dense = MemoryMarshal.Cast<byte, float>(f.bytes);
        var result = new SparseCode[count];
        for (var r = 0; r < count; r++) result[r] = SparseCode.FromDense(dense.Slice(r * DSae, DSae));
        return result;
    }

    // ---- decode / reconstruct ----

    /// <summary>
    /// x_hat [B, d_in] from codes [B, d_sae]: W_dec^T f + b_dec, mapped back to input space.
    /// For constant_norm_rescale the per-input factor depends on the original input: pass it as
    /// <paramref name="originalInput"/>, otherwise the result stays in the normalised space.
    /// </summary>
    public Tensor Decode(Tensor f, Tensor? originalInput = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var ff = f.dim() == 1 ? f.unsqueeze(0) : f;
        ff = ff.to(ScalarType.Float32);
        var outSae = DecodeRaw(ff);
        Tensor? scale = originalInput is null ? ConstantScaleOnly() : InputScale(PrepareInput(originalInput));
        var result = scale is null ? outSae : outSae / scale;
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>Decode of one sparse code (sums only the active decoder rows).</summary>
    public float[] Decode(SparseCode code, ReadOnlySpan<float> originalInput = default)
    {
        var y = WeightStorage.ToFloatArray(_bDec);
        AddDecoderRows(code.Indices, code.Values, y);
        var s = ScaleFor(originalInput);
        if (s != 1f) for (var j = 0; j < y.Length; j++) y[j] /= s;
        return y;
    }

    /// <summary>Encode then decode, in input space.</summary>
    public Tensor Reconstruct(Tensor x)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var f = Activations(PrepareInput(x), out var scale);
        var outSae = DecodeRaw(f);
        return (scale is null ? outSae : outSae / scale).MoveToOuterDisposeScope();
    }

    public float[] Reconstruct(ReadOnlySpan<float> x) => Decode(EncodeSparse(x), x);

    // ---- internals ----

    private Tensor PrepareInput(Tensor x)
    {
        var xf = x.dim() == 1 ? x.unsqueeze(0) : x;
        if (xf.dim() != 2 || xf.shape[1] != DIn)
            throw new ArgumentException($"input must be [B, {DIn}] or [{DIn}], got [{string.Join(", ", x.shape)}]");
        return xf.to(ScalarType.Float32);
    }

    /// <summary>Per-row input multiplier [B,1] (or scalar), null when the SAE does not normalise.</summary>
    private Tensor? InputScale(Tensor xf) => Config.Normalization switch
    {
        SaeNormalization.ConstantNormRescale =>
            MathF.Sqrt(DIn) / xf.norm(1, keepdim: true).clamp_min(1e-12),
        SaeNormalization.ExpectedAverageOnlyIn when Config.ConstantInputScale != 1f => tensor(Config.ConstantInputScale),
        _ => null,
    };

    private Tensor? ConstantScaleOnly() =>
        Config.Normalization == SaeNormalization.ExpectedAverageOnlyIn && Config.ConstantInputScale != 1f
            ? tensor(Config.ConstantInputScale) : null;

    /// <summary>The input multiplier s (decoder outputs are divided by it); Steering maps deltas back with it.</summary>
    internal float ScaleFor(ReadOnlySpan<float> originalInput)
    {
        switch (Config.Normalization)
        {
            case SaeNormalization.ConstantNormRescale:
                if (originalInput.IsEmpty)
                    throw new ArgumentException("constant_norm_rescale needs the original input to map back to input space");
                CheckLength(originalInput, DIn, nameof(originalInput));
                var norm = MathF.Max(System.Numerics.Tensors.TensorPrimitives.Norm(originalInput), 1e-12f);
                return MathF.Sqrt(DIn) / norm;
            case SaeNormalization.ExpectedAverageOnlyIn:
                return Config.ConstantInputScale;
            default:
                return 1f;
        }
    }

    private Tensor SaeInput(Tensor xf, Tensor? scale)
    {
        var xs = scale is null ? xf : xf * scale;
        return SaeForward.Input(Config, xs, _bDec);
    }

    /// <summary>A new [B, d_sae] tensor, which the activation then overwrites.</summary>
    private Tensor PreActivations(Tensor xin)
    {
        var b = (int)xin.shape[0];
        if (b <= (Config.DType == SaeWeightDType.Float32 ? FloatKernelMaxBatch : HalfKernelMaxBatch))
        {
            var xs = MemoryMarshal.Cast<byte, float>(xin.contiguous().bytes).ToArray();
            var outT = empty(b, DSae, ScalarType.Float32);
            var outSpan = MemoryMarshal.Cast<byte, float>(outT.bytes);
            for (var r = 0; r < b; r++)
                RunKernel(xs.AsSpan(r * DIn, DIn), outSpan.Slice(r * DSae, DSae));
            return outT;
        }
        if (Config.DType == SaeWeightDType.Float32) return SaeForward.PreActivations(xin, _wEnc.t(), _bEnc);
        // Larger batches are compute bound: widen a chunk of weights to fp32 and let BLAS do the work.
        var parts = new List<Tensor>();
        for (long start = 0; start < DSae; start += HalfChunkRows)
        {
            var len = Math.Min(HalfChunkRows, DSae - start);
            var w = _wEnc.narrow(0, start, len).to(ScalarType.Float32);
            parts.Add(addmm(_bEnc.narrow(0, start, len), xin, w.t(), beta: 1, alpha: 1));
        }
        return cat(parts, 1);
    }

    private void PreActivationsSingle(ReadOnlySpan<float> x, Span<float> dest)
    {
        var s = ScaleFor(x);
        var xin = new float[DIn];
        var bDec = Config.ApplyBDecToInput ? MemoryMarshal.Cast<byte, float>(_bDec.bytes) : default;
        for (var j = 0; j < DIn; j++) xin[j] = x[j] * s - (bDec.IsEmpty ? 0f : bDec[j]);
        RunKernel(xin, dest);
    }

    private unsafe void RunKernel(ReadOnlySpan<float> xin, Span<float> dest)
    {
        var bias = MemoryMarshal.Cast<byte, float>(_bEnc.bytes);
        fixed (byte* w = _wEnc.bytes)
        {
            if (Config.DType == SaeWeightDType.Float32)
                FloatMatVec.Compute((float*)w, DSae, DIn, xin, bias, dest, KernelThreads);
            else
                HalfMatVec.Compute((short*)w, DSae, DIn, xin, bias, dest, Config.DType == SaeWeightDType.BFloat16, KernelThreads);
        }
    }

    private Tensor DecodeRaw(Tensor f)
    {
        if (Config.DType == SaeWeightDType.Float32) return SaeForward.Decode(f, _wDec, _bDec);
        Tensor acc = _bDec.unsqueeze(0).expand(f.shape[0], DIn).clone();
        for (long start = 0; start < DSae; start += HalfChunkRows)
        {
            var len = Math.Min(HalfChunkRows, DSae - start);
            acc = acc.addmm_(f.narrow(1, start, len), _wDec.narrow(0, start, len).to(ScalarType.Float32), beta: 1, alpha: 1);
        }
        return acc;
    }

    /// <summary>y += sum_k coefficients[k] * W_dec[indices[k]], reading only those rows.</summary>
    internal void AddDecoderRows(int[] indices, float[] coefficients, Span<float> y)
    {
        var row = new float[DIn];
        for (var k = 0; k < indices.Length; k++)
        {
            WeightStorage.ReadRow(_wDec, indices[k], row);
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(row, coefficients[k], y, y);
        }
    }

    private static void CheckLength(ReadOnlySpan<float> v, int expected, string name)
    {
        if (v.Length != expected) throw new ArgumentException($"{name} has length {v.Length}, expected {expected}", name);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _wEnc.Dispose(); _bEnc.Dispose(); _wDec.Dispose(); _bDec.Dispose(); _threshold?.Dispose();
    }
}
