using SaeExplorer.Core.Embeddings;
using System.Diagnostics;
using System.Runtime.InteropServices;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Sae.Metrics;
using SaeExplorer.Core.Sae.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace SaeExplorer.Core.Sae.Training;

/// <summary>What a training run produced. The caller owns (and disposes) <see cref="Sae"/>.</summary>
public sealed record TrainingResult(SparseAutoencoder Sae, SaeMetrics? HeldOut, int Steps, IReadOnlyList<TrainingProgress> History, string? LastCheckpoint);

/// <summary>
/// Trains the seed's vanilla ReLU SAE: f = relu((x - b_dec) W_enc + b_enc), x_hat = f W_dec + b_dec,
/// loss = mean_batch(||x - x_hat||^2 + lambda * sum_i f_i ||W_dec[i]||), Adam.
/// Init as SAELens: W_dec rows random unit vectors, W_enc = W_dec^T, b_enc = 0, b_dec = data mean or
/// geometric median. Dead features (not fired for DeadWindow steps) can be resampled Anthropic-style.
/// </summary>
public sealed class SaeTrainer
{
    private readonly TrainerOptions _o;
    private readonly Action<string> _log;

    public SaeTrainer(TrainerOptions options, Action<string>? log = null)
    {
        options.Validate();
        _o = options;
        _log = log ?? (_ => { });
    }

    public TrainingResult Train(IEmbeddingMatrix data, IProgress<TrainingProgress>? progress = null, CancellationToken ct = default) =>
        Run(data, null, progress, ct);

    /// <summary>Continues from a checkpoint folder written by this trainer (SAELens files + trainer_state.json).</summary>
    public TrainingResult Resume(string checkpoint, IEmbeddingMatrix data, IProgress<TrainingProgress>? progress = null,
        CancellationToken ct = default) => Run(data, checkpoint, progress, ct);

    /// <summary>The newest step_* checkpoint under a folder, or null.</summary>
    public static string? LatestCheckpoint(string folder) =>
        Directory.Exists(folder)
            ? Directory.GetDirectories(folder, "step_*").Where(d => File.Exists(Path.Combine(d, TrainerState.FileName)))
                .OrderBy(d => d, StringComparer.Ordinal).LastOrDefault()
            : null;

    private Device PickDevice()
    {
        if (_o.Device.StartsWith("cuda", StringComparison.OrdinalIgnoreCase))
        {
            if (cuda.is_available()) return torch.device(_o.Device);
            _log("SAE trainer: CUDA requested but not available; training on CPU.");
        }
        return CPU;
    }

    private TrainingResult Run(IEmbeddingMatrix data, string? resumeFrom, IProgress<TrainingProgress>? progress, CancellationToken ct)
    {
        var before = get_num_threads();
        var flopsPerMatmul = (long)_o.BatchSize * data.Columns * data.Columns * _o.Expansion;
        var threads = _o.Threads > 0 ? _o.Threads : flopsPerMatmul < (1L << 24) ? 1 : before;
        if (threads != before) set_num_threads(threads);
        try { return RunCore(data, resumeFrom, progress, ct); }
        finally { if (threads != before) set_num_threads(before); }
    }

    private TrainingResult RunCore(IEmbeddingMatrix data, string? resumeFrom, IProgress<TrainingProgress>? progress, CancellationToken ct)
    {
        var dev = PickDevice();
        int dIn = data.Columns, dSae = checked(_o.Expansion * dIn);
        var split = DataSplit.Create(data.Rows, _o.HeldOutFraction, _o.Seed);
        if (split.Train.Length == 0) throw new ArgumentException("no training rows");
        var totalSteps = _o.Steps > 0 ? _o.Steps : (int)Math.Ceiling((double)split.Train.Length * _o.Epochs / _o.BatchSize);

        TrainerState? state = resumeFrom is null ? null : TrainerState.Load(resumeFrom);
        var startStep = state?.Step ?? 0;
        var scaleConst = state?.NormScalingFactor ?? (_o.Normalization == SaeNormalization.ExpectedAverageOnlyIn
            ? EstimateScalingFactor(data, split.Train) : (float?)null);

        using var sampler = new BatchSampler(data, split.Train, _o.BatchSize, _o.Seed);
        Tensor wEnc, bEnc, wDec, bDec;
        using (no_grad())
        {
            if (resumeFrom is not null)
            {
                using var prev = SaeLensLoader.Load(resumeFrom, new SaeLoadOptions(dIn, SaeWeightDType.Float32));
                if (prev.DSae != dSae) throw new ArgumentException($"checkpoint has d_sae={prev.DSae}, options imply {dSae}");
                wEnc = prev.EncoderWeightsFloat32().to(dev);
                bEnc = prev.EncoderBias.clone().to(dev);
                wDec = prev.DecoderWeights.clone().to(dev);
                bDec = prev.DecoderBias.clone().to(dev);
            }
            else
            {
                var g = new Generator((ulong)_o.Seed);
                wDec = randn(dSae, dIn, generator: g);
                wDec.div_(wDec.norm(1, keepdim: true));
                wEnc = wDec.t().contiguous();
                bEnc = zeros(dSae);
                bDec = InitDecoderBias(data, split.Train, scaleConst);
                wEnc = wEnc.to(dev); wDec = wDec.to(dev); bEnc = bEnc.to(dev); bDec = bDec.to(dev);
            }
        }
        var ps = new[] { wEnc, bEnc, wDec, bDec };
        foreach (var p in ps) p.requires_grad_(true);
        using var adam = new AdamState(ps);
        if (resumeFrom is not null) LoadOptimizer(resumeFrom, adam, state!, dev);

        var sinceFired = state?.StepsSinceFired is { Length: > 0 } s0 && s0.Length == dSae ? (int[])s0.Clone() : new int[dSae];
        var history = new List<TrainingProgress>();
        var sw = Stopwatch.StartNew();
        string? lastCheckpoint = null;
        var xBuf = new float[_o.BatchSize * dIn];

        for (var step = startStep; step < totalSteps; step++)
        {
            ct.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var lr = _o.LearningRate * Math.Min(1f, (step + 1f) / Math.Max(1, _o.WarmupSteps));
            var l1 = _o.L1Coefficient * Math.Min(1f, (step + 1f) / Math.Max(1, _o.L1WarmupSteps));

            sampler.Fill(step, xBuf);
            var x = Normalize(WeightStorage.FromSpan(xBuf, _o.BatchSize, dIn), scaleConst).to(dev);
            var f = nn.functional.relu(addmm(bEnc, x - bDec, wEnc, beta: 1, alpha: 1));
            var xHat = addmm(bDec, f, wDec, beta: 1, alpha: 1);
            var err = (x - xHat).pow(2).sum(1);
            var mse = err.mean();
            var sparsity = (f * wDec.norm(1)).sum(1).mean();
            var loss = mse + l1 * sparsity;
            adam.ZeroGrad();
            loss.backward();
            adam.Update(lr);

            using (no_grad())
            {
                var fired = f.detach().gt(0).any(0).cpu();
                var firedSpan = MemoryMarshal.Cast<byte, bool>(fired.bytes);
                for (var i = 0; i < dSae; i++) sinceFired[i] = firedSpan[i] ? 0 : sinceFired[i] + 1;
            }

            if (_o.ResampleEvery > 0 && (step + 1) % _o.ResampleEvery == 0 && (_o.ResampleUntil == 0 || step < _o.ResampleUntil))
                Resample(data, split.Train, sinceFired, ps, adam, scaleConst, dev, step);

            var done = step + 1;
            if (done % Math.Max(1, _o.ProgressEvery) == 0 || done == totalSteps)
            {
                using var _ = no_grad();
                var total = (x - x.mean([0], keepdim: true)).pow(2).sum().item<float>();
                var elapsed = sw.Elapsed;
                var perStep = elapsed / Math.Max(1, done - startStep);
                var p = new TrainingProgress(done, totalSteps, loss.item<float>(), mse.item<float>() / dIn,
                    total > 0 ? 1 - err.sum().item<float>() / total : double.NaN,
                    f.gt(0).sum(1).to(ScalarType.Float32).mean().item<float>(),
                    sinceFired.Count(c => c >= _o.DeadWindow) / (double)dSae,
                    elapsed, perStep * (totalSteps - done));
                history.Add(p);
                progress?.Report(p);
            }

            if (_o.CheckpointDirectory is { } cdir && _o.CheckpointEvery > 0 && done % _o.CheckpointEvery == 0 && done < totalSteps)
                lastCheckpoint = SaveCheckpoint(cdir, done, totalSteps, ps, adam, scaleConst, sinceFired);
        }

        if (_o.CheckpointDirectory is { } dir)
            lastCheckpoint = SaveCheckpoint(dir, Math.Max(totalSteps, startStep), totalSteps, ps, adam, scaleConst, sinceFired);
        var sae = BuildSae(ps, scaleConst);
        foreach (var p in ps) p.Dispose();
        var held = split.HeldOut.Length > 0 ? SaeEvaluator.Evaluate(sae, data, split.HeldOut) : null;
        return new TrainingResult(sae, held, totalSteps, history, lastCheckpoint);
    }

    private Tensor Normalize(Tensor x, float? scaleConst) => _o.Normalization switch
    {
        SaeNormalization.ConstantNormRescale => x * (MathF.Sqrt(x.shape[1]) / x.norm(1, keepdim: true).clamp_min(1e-12)),
        SaeNormalization.ExpectedAverageOnlyIn => x * scaleConst!.Value,
        _ => x,
    };

    /// <summary>SAELens: sqrt(d_in) / mean ||x|| over (a sample of) the training data.</summary>
    private float EstimateScalingFactor(IEmbeddingMatrix data, long[] train)
    {
        var n = Math.Min(train.Length, 16384);
        var row = new float[data.Columns];
        double sum = 0;
        for (var i = 0; i < n; i++)
        {
            data.ReadRows(train[i], 1, row);
            sum += System.Numerics.Tensors.TensorPrimitives.Norm(row);
        }
        var mean = sum / n;
        return mean > 0 ? (float)(Math.Sqrt(data.Columns) / mean) : 1f;
    }

    private Tensor InitDecoderBias(IEmbeddingMatrix data, long[] train, float? scaleConst)
    {
        using var scope = NewDisposeScope();
        var n = Math.Min(train.Length, 16384);
        var buf = new float[n * data.Columns];
        for (var i = 0; i < n; i++) data.ReadRows(train[i], 1, buf.AsSpan(i * data.Columns, data.Columns));
        var x = Normalize(WeightStorage.FromSpan(buf, n, data.Columns), scaleConst).to(ScalarType.Float64);
        var y = x.mean([0]);
        if (_o.BDecInit == DecoderBiasInit.GeometricMedian)
        {
            // Weiszfeld iterations from the mean.
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

    /// <summary>
    /// Anthropic-style resampling: score a sample of training rows by squared reconstruction loss,
    /// draw rows with probability proportional to loss^2, point each dead feature's decoder at the
    /// normalised (x - b_dec), set its encoder column to that direction times 0.2 x the mean alive
    /// encoder norm, zero its bias and its Adam moments.
    /// </summary>
    private void Resample(IEmbeddingMatrix data, long[] train, int[] sinceFired, Tensor[] ps, AdamState adam,
        float? scaleConst, Device dev, int step)
    {
        var dead = Enumerable.Range(0, sinceFired.Length).Where(i => sinceFired[i] >= _o.DeadWindow).ToArray();
        if (dead.Length == 0) return;
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var (wEnc, bEnc, wDec, bDec) = (ps[0], ps[1], ps[2], ps[3]);
        var rng = new Random(unchecked(_o.Seed * 31 + step));
        var n = Math.Min(train.Length, _o.ResampleSampleRows);
        var rows = new long[n];
        for (var i = 0; i < n; i++) rows[i] = train[rng.NextInt64(train.Length)];
        var buf = new float[n * data.Columns];
        for (var i = 0; i < n; i++) data.ReadRows(rows[i], 1, buf.AsSpan(i * data.Columns, data.Columns));
        var x = Normalize(WeightStorage.FromSpan(buf, n, data.Columns), scaleConst).to(dev);
        var f = nn.functional.relu(addmm(bEnc, x - bDec, wEnc, beta: 1, alpha: 1));
        var loss = (x - addmm(bDec, f, wDec, beta: 1, alpha: 1)).pow(2).sum(1);
        var weights = loss.pow(2).to(ScalarType.Float64).cpu();
        var w = MemoryMarshal.Cast<byte, double>(weights.bytes).ToArray();
        var cum = new double[n];
        double acc = 0;
        for (var i = 0; i < n; i++) cum[i] = acc += w[i];
        var picks = new long[dead.Length];
        for (var k = 0; k < dead.Length; k++)
        {
            var r = rng.NextDouble() * acc;
            var j = Array.BinarySearch(cum, r);
            picks[k] = Math.Clamp(j < 0 ? ~j : j, 0, n - 1);
        }
        var idx = tensor(picks, ScalarType.Int64).to(dev);
        var dirs = (x.index_select(0, idx) - bDec);
        dirs = dirs / dirs.norm(1, keepdim: true).clamp_min(1e-8);
        var aliveMask = ones(sinceFired.Length, ScalarType.Bool);
        var deadIdx = tensor(dead.Select(i => (long)i).ToArray(), ScalarType.Int64);
        aliveMask.index_fill_(0, deadIdx, false);
        var encNorms = wEnc.norm(0).cpu();
        var alive = encNorms.masked_select(aliveMask);
        var scale = alive.numel() > 0 ? alive.mean().item<float>() * 0.2f : 1f;
        var deadDev = deadIdx.to(dev);
        wDec.index_copy_(0, deadDev, dirs);
        wEnc.index_copy_(1, deadDev, (dirs * scale).t());
        bEnc.index_fill_(0, deadDev, 0f);
        // Moments of the touched rows/columns restart from zero.
        foreach (var (m, dim) in new[] { (0, 1L), (1, 0L), (2, 0L) })
        {
            adam.M[m].index_fill_(dim, deadDev, 0f);
            adam.V[m].index_fill_(dim, deadDev, 0f);
        }
        foreach (var i in dead) sinceFired[i] = 0;
        _log($"SAE trainer: step {step + 1}: resampled {dead.Length} dead features");
    }

    private SparseAutoencoder BuildSae(Tensor[] ps, float? scaleConst)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var cpu = ps.Select(p => p.detach().cpu()).ToArray();
        var cfg = new SaeConfig(SaeArchitecture.Standard, (int)cpu[0].shape[0], (int)cpu[0].shape[1])
        {
            ApplyBDecToInput = true,
            Normalization = _o.Normalization,
            NormScalingFactor = _o.Normalization == SaeNormalization.ExpectedAverageOnlyIn ? scaleConst : null,
            Metadata = new Dictionary<string, string>
            {
                ["trainer"] = "SaeExplorer vanilla ReLU",
                ["l1_coefficient"] = _o.L1Coefficient.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        };
        return new SparseAutoencoder(cfg, cpu[0], cpu[1], cpu[2], cpu[3]);
    }

    private static readonly string[] ParamNames = ["W_enc", "b_enc", "W_dec", "b_dec"];

    private string SaveCheckpoint(string root, int step, int totalSteps, Tensor[] ps, AdamState adam, float? scaleConst, int[] sinceFired)
    {
        var folder = Path.Combine(root, $"step_{step:D8}");
        using (var sae = BuildSae(ps, scaleConst)) SaeLensSaver.Save(sae, folder);
        using (var scope = NewDisposeScope())
        {
            var tensors = new List<SafetensorsTensor>();
            for (var i = 0; i < ps.Length; i++)
            {
                tensors.Add(TensorBytes.FromTensor("m." + ParamNames[i], adam.M[i].detach().cpu()));
                tensors.Add(TensorBytes.FromTensor("v." + ParamNames[i], adam.V[i].detach().cpu()));
            }
            SafetensorsFile.Write(Path.Combine(folder, TrainerState.OptimizerFile), tensors);
        }
        new TrainerState(step, totalSteps, _o.Seed, adam.Step, scaleConst, sinceFired).Save(folder);
        _log($"SAE trainer: checkpoint {folder}");
        return folder;
    }

    private static void LoadOptimizer(string folder, AdamState adam, TrainerState state, Device dev)
    {
        var path = Path.Combine(folder, TrainerState.OptimizerFile);
        if (!File.Exists(path)) return; // Adam re-created from zero moments
        var t = SafetensorsFile.Read(path).Tensors;
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        for (var i = 0; i < ParamNames.Length; i++)
        {
            adam.M[i].copy_(TensorBytes.ToTensor(t["m." + ParamNames[i]]).to(dev));
            adam.V[i].copy_(TensorBytes.ToTensor(t["v." + ParamNames[i]]).to(dev));
        }
        adam.Step = state.AdamStep;
    }
}
