using SaeExplorer.Core.Sae.Model;
using static TorchSharp.torch;

namespace SaeExplorer.Core.Sae.Loading;

/// <summary>
/// An SAE file of any format, opened but not read: its config (checked) and where each weight lies, in the file's own
/// orientation, with its shapes checked against the config. <see cref="Load"/> reads each weight once into its place in
/// the SAE, so loading never holds more than the weights (plus a few megabytes); <see cref="CheckWeights"/> streams them
/// to check every value without keeping any. Every error names the file and the tensor.
/// </summary>
public sealed class SaeFile : IDisposable
{
    private readonly bool _encoderFeatureMajor;
    private readonly bool _decoderFeatureMajor;
    private readonly bool _thresholdIsLog;
    private readonly IDisposable? _owner;

    /// <param name="encoderFeatureMajor">The file keeps the encoder as [d_sae, d_in] (the paper authors' nn.Linear), not SAELens's [d_in, d_sae].</param>
    /// <param name="decoderFeatureMajor">The file keeps the decoder as [d_sae, d_in] (SAELens, saev), not nn.Linear's [d_in, d_sae].</param>
    /// <param name="owner">What the tensors read from (an open zip), disposed with this.</param>
    internal SaeFile(SaeFormat format, string weightsFile, SaeConfig config, StoredTensor encoderWeights, bool encoderFeatureMajor,
        StoredTensor encoderBias, StoredTensor decoderWeights, bool decoderFeatureMajor, StoredTensor decoderBias,
        StoredTensor? threshold = null, bool thresholdIsLog = false, float[]? logDensity = null, IDisposable? owner = null)
    {
        (Format, WeightsFile, Config) = (format, weightsFile, config);
        (EncoderWeights, EncoderBias, DecoderWeights, DecoderBias, Threshold) = (encoderWeights, encoderBias, decoderWeights, decoderBias, threshold);
        (_encoderFeatureMajor, _decoderFeatureMajor, _thresholdIsLog, LogDensity, _owner) =
            (encoderFeatureMajor, decoderFeatureMajor, thresholdIsLog, logDensity, owner);
        Named(() =>
        {
            config.Validate();
            WeightValidator.CheckShapes(config, Oriented(encoderWeights, !encoderFeatureMajor), encoderBias.Shape,
                Oriented(decoderWeights, decoderFeatureMajor), decoderBias.Shape, threshold?.Shape);
            if (logDensity is not null && logDensity.Length != config.DSae)
                throw new SaeFormatException($"sparsity has shape [{logDensity.Length}] but d_sae is {config.DSae}");
            if (logDensity is not null && logDensity.Any(float.IsNaN))
                throw new SaeFormatException("sparsity contains NaN");
            return 0;
        });
    }

    public SaeFormat Format { get; }

    /// <summary>The file holding the weights (a SAELens folder's sae_weights.safetensors), as errors and fingerprints name it.</summary>
    public string WeightsFile { get; }

    public SaeConfig Config { get; }

    /// <summary>The encoder matrix under the file's own name ("W_enc", "encoder.weight").</summary>
    public StoredTensor EncoderWeights { get; }

    public StoredTensor EncoderBias { get; }

    public StoredTensor DecoderWeights { get; }

    public StoredTensor DecoderBias { get; }

    public StoredTensor? Threshold { get; }

    public float[]? LogDensity { get; }

    /// <summary>A short identity of the weights file (<see cref="Encoders.ModelFingerprint"/>): what an index built from it records.</summary>
    public string Fingerprint() => Encoders.ModelFingerprint.Of(WeightsFile);

    /// <summary>Refuses an SAE that does not take <paramref name="dimension"/>-d inputs, naming the encoder tensor and <paramref name="inputs"/>.</summary>
    public void CheckInput(int dimension, string inputs)
    {
        if (Config.DIn != dimension)
            throw new SaeFormatException(
                $"{WeightsFile}: {EncoderWeights} takes d_in={Config.DIn} inputs, but {inputs} are {dimension}-d");
    }

    /// <summary>Reads every weight once, keeping none: throws on a truncated file or a NaN or infinity.</summary>
    public void CheckWeights()
    {
        foreach (var t in new[] { EncoderWeights, EncoderBias, DecoderWeights, DecoderBias, Threshold }.OfType<StoredTensor>())
            StoredTensorReader.CheckFinite(t, WeightsFile);
    }

    public SparseAutoencoder Load(SaeLoadOptions options) => Named(() =>
    {
        if (options.ExpectedDIn is { } e && e != Config.DIn)
            throw new SaeFormatException($"SAE input dimension d_in={Config.DIn} does not match the embedding dimension {e}");
        var read = new List<Tensor>();
        try
        {
            Tensor Take(Tensor t)
            {
                read.Add(t);
                return t;
            }
            var dtype = options.DType ?? WeightStorage.FromTorch(EncoderWeights.DType);
            var wEnc = Take(Cast("W_enc", StoredTensorReader.Read(EncoderWeights, WeightsFile, transpose: !_encoderFeatureMajor), dtype));
            var wDec = Take(Cast("W_dec", StoredTensorReader.Read(DecoderWeights, WeightsFile, transpose: !_decoderFeatureMajor), dtype));
            var bEnc = Take(Float32(StoredTensorReader.Read(EncoderBias, WeightsFile)));
            var bDec = Take(Float32(StoredTensorReader.Read(DecoderBias, WeightsFile)));
            Tensor? threshold = null;
            if (Threshold is { } stored)
            {
                var raw = Float32(StoredTensorReader.Read(stored, WeightsFile));
                if (_thresholdIsLog)
                    using (raw) threshold = Take(raw.exp());
                else threshold = Take(raw);
                if (!threshold.isfinite().all().item<bool>()) throw new SaeFormatException($"{stored} is not finite once exponentiated");
            }
            var sae = SparseAutoencoder.Adopt(Config with { DType = dtype }, wEnc, bEnc, wDec, bDec, threshold, LogDensity);
            read.Clear(); // the SAE owns them now
            return sae;
        }
        finally
        {
            foreach (var t in read) t.Dispose();
        }
    });

    public void Dispose() => _owner?.Dispose();

    /// <summary>"[a, b, c]", sorted, as errors list what a file holds.</summary>
    public static string Keys(IEnumerable<string> keys) => "[" + string.Join(", ", keys.Order(StringComparer.Ordinal)) + "]";

    private static long[] Oriented(StoredTensor t, bool asStored) => asStored || t.Shape.Length != 2 ? t.Shape : [t.Shape[1], t.Shape[0]];

    /// <summary>A matrix in the SAE's storage dtype (the file's when asked for nothing else).</summary>
    private static Tensor Cast(string name, Tensor w, SaeWeightDType dtype)
    {
        if (w.dtype == dtype.ToTorch()) return w;
        using (w)
        {
            using var scope = NewDisposeScope();
            return SparseAutoencoder.Stored(name, w, dtype, transpose: false).MoveToOuterDisposeScope();
        }
    }

    private static Tensor Float32(Tensor t)
    {
        if (t.dtype == ScalarType.Float32) return t;
        using (t) return t.to(ScalarType.Float32);
    }

    private T Named<T>(Func<T> run)
    {
        try
        {
            return run();
        }
        catch (SaeFormatException e) when (!e.Message.StartsWith(WeightsFile, StringComparison.Ordinal))
        {
            throw new SaeFormatException($"{WeightsFile}: {e.Message}", e);
        }
    }
}
