using Microsoft.ML.OnnxRuntime;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SaeExplorer.Core.Encoders;

/// <summary>
/// Runs an ONNX image model on CPU or CUDA. Input tensors are written into one reused buffer
/// wrapped by cached <see cref="OrtValue"/>s, so steady-state encoding allocates only the results.
/// Thread-safety: calls are serialised by a lock (the reused buffer allows one run at a time);
/// open one encoder per thread for parallel CPU throughput.
/// </summary>
public sealed class OnnxImageEncoder : IImageEncoder, IDisposable
{
    private readonly InferenceSession _session;
    private readonly SessionOptions _sessionOptions;
    private readonly RunOptions _runOptions = new();
    private readonly ImagePreprocessor _preprocessor;
    private readonly int _maxBatch;
    private readonly float[] _inputBuffer;
    private readonly OrtValue?[] _inputsByBatch; // index = batch size; created on first use
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly Lock _gate = new();
    private bool _disposed;

    private OnnxImageEncoder(InferenceSession session, SessionOptions sessionOptions, string provider, EncoderPreset preset, int maxBatch,
        EmbeddingSpace space)
    {
        Space = space;
        _session = session;
        _sessionOptions = sessionOptions;
        _maxBatch = maxBatch;
        ExecutionProvider = provider;
        Preset = preset;
        _preprocessor = new ImagePreprocessor(preset);
        _inputBuffer = new float[maxBatch * preset.TensorLength];
        _inputsByBatch = new OrtValue?[maxBatch + 1];
        _inputNames = [preset.InputName];
        _outputNames = [preset.OutputName];
    }

    public EncoderPreset Preset { get; }

    public int Dimension => Preset.OutputDimension;

    public string ExecutionProvider { get; }

    public EmbeddingSpace Space { get; }

    /// <summary>Opens the model named by <paramref name="options"/> (preset, path, tensor-name overrides).</summary>
    public static OnnxImageEncoder Open(EncoderOptions options, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Open(options.ResolvePreset(), options.ResolveModelPath(), options, log);
    }

    /// <summary>
    /// Opens <paramref name="modelPath"/> from disk (so external weight files beside it load) and checks its
    /// tensors against <paramref name="preset"/>. Never downloads anything.
    /// </summary>
    /// <exception cref="FileNotFoundException">The model file does not exist.</exception>
    /// <exception cref="InvalidOperationException">The model's inputs or outputs do not fit the preset.</exception>
    public static OnnxImageEncoder Open(EncoderPreset preset, string modelPath, EncoderOptions options, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(preset);
        ArgumentNullException.ThrowIfNull(options);
        preset.Validate();
        string fullPath = Path.GetFullPath(modelPath);
        if (!File.Exists(fullPath))
            throw new FileNotFoundException(
                $"Encoder model file not found: '{fullPath}'. Set {EncoderOptions.Section}:ModelPath in appsettings " +
                $"to the .onnx file for preset '{preset.Name}' (models are never downloaded).", fullPath);

        (InferenceSession session, SessionOptions sessionOptions, string provider) = OnnxSessionFactory.Create(
            fullPath, new OnnxDeviceSettings(options.Device, options.IntraOpThreads, $"{EncoderOptions.Section}:Device"), log);
        try
        {
            int maxBatch = ModelContract.Validate(session, preset, fullPath, options.MaxBatchSize);
            var space = new EmbeddingSpace(preset.Name, Path.GetFileName(fullPath), preset.OutputDimension, ModelFingerprint.Of(fullPath));
            return new OnnxImageEncoder(session, sessionOptions, provider, preset, maxBatch, space);
        }
        catch
        {
            session.Dispose();
            sessionOptions.Dispose();
            throw;
        }
    }

    public float[] Encode(Image<Rgb24> image) => EncodeBatch([image])[0];

    public IReadOnlyList<float[]> EncodeBatch(IReadOnlyList<Image<Rgb24>> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var results = new float[images.Count][];
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            for (int start = 0; start < images.Count; start += _maxBatch)
                RunChunk(images, start, Math.Min(_maxBatch, images.Count - start), results);
        }
        return results;
    }

    /// <summary>
    /// The embedding of an all-zero input tensor (zero after normalisation, not a black image): Kandinsky 2.2's
    /// negative image embedding for classifier-free guidance. Callers compute it once and keep it.
    /// </summary>
    public float[] EncodeZeroInput()
    {
        var result = new float[1][];
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Array.Clear(_inputBuffer, 0, Preset.TensorLength);
            Run(1, result, 0);
        }
        return result[0];
    }

    private void RunChunk(IReadOnlyList<Image<Rgb24>> images, int start, int count, float[][] results)
    {
        int length = Preset.TensorLength;
        for (int i = 0; i < count; i++)
            _preprocessor.Process(images[start + i], _inputBuffer.AsMemory(i * length, length));
        Run(count, results, start);
    }

    // Runs the first `count` tensors of inputBuffer and stores their embeddings at results[start..].
    private void Run(int count, float[][] results, int start)
    {
        using IDisposableReadOnlyCollection<OrtValue> outputs = _session.Run(_runOptions, _inputNames, [InputFor(count)], _outputNames);
        ReadOnlySpan<float> values = outputs[0].GetTensorDataAsSpan<float>();
        if (values.Length != count * Dimension)
            throw new InvalidOperationException(
                $"Model output '{Preset.OutputName}' has {values.Length} values for {count} image(s); expected {count * Dimension}.");
        for (int i = 0; i < count; i++)
            results[start + i] = values.Slice(i * Dimension, Dimension).ToArray();
    }

    // An OrtValue pins and views the front of inputBuffer with the shape for `count` images.
    private OrtValue InputFor(int count) =>
        _inputsByBatch[count] ??= OrtValue.CreateTensorValueFromMemory(
            OrtMemoryInfo.DefaultInstance,
            _inputBuffer.AsMemory(0, count * Preset.TensorLength),
            [count, EncoderPreset.Channels, Preset.Size, Preset.Size]);

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            foreach (OrtValue? value in _inputsByBatch)
                value?.Dispose();
            _runOptions.Dispose();
            _session.Dispose();
            _sessionOptions.Dispose();
        }
    }
}
