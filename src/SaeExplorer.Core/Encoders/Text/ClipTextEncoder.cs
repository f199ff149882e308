using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace SaeExplorer.Core.Encoders.Text;

/// <summary>
/// CLIP's text tower from an ONNX export (Encoder:TextModelPath) with its BPE tokenizer (<see cref="ClipTokenizer"/>):
/// texts to text embeddings in the CLIP space, for searching features by text and for embedding a word-list vocabulary.
/// Checks the graph on open (a token-id input of int64 or int32 [batch, sequence], optionally attention_mask, an output
/// [batch, dimension]), so a wrong file fails with a message listing what the graph has. A fixed sequence length (77 in
/// open_clip's exports) is padded to; a dynamic one takes each batch's longest text. Padding is id 0 with mask 0, after
/// the end token, which CLIP's causal attention never looks back at. Thread-safe (ONNX Runtime runs concurrently).
/// </summary>
public sealed class ClipTextEncoder : IDisposable
{
    public const string MaskName = "attention_mask";

    private readonly InferenceSession _session;
    private readonly SessionOptions _sessionOptions;
    private readonly RunOptions _runOptions = new();
    private readonly string _inputName;
    private readonly string _outputName;
    private readonly bool _int32;
    private readonly bool _hasMask;
    private readonly int _fixedLength;
    private readonly int _maxBatch;

    private ClipTextEncoder(InferenceSession session, SessionOptions sessionOptions, ClipTokenizer tokenizer, string modelPath, EncoderOptions options,
        bool int32, bool hasMask, int fixedLength, int maxBatch)
    {
        _session = session;
        _sessionOptions = sessionOptions;
        Tokenizer = tokenizer;
        ModelPath = modelPath;
        _inputName = options.TextInputName;
        _outputName = options.TextOutputName;
        _int32 = int32;
        _hasMask = hasMask;
        _fixedLength = fixedLength;
        _maxBatch = maxBatch;
    }

    public ClipTokenizer Tokenizer { get; }

    public string ModelPath { get; }

    /// <summary>The text embeddings' dimension (the CLIP space's).</summary>
    public int Dimension { get; private set; }

    /// <summary>Opens the text tower named by Encoder:TextModelPath and its tokenizer files; never downloads anything.</summary>
    /// <exception cref="InvalidOperationException">No text tower is configured, or the graph does not fit (the message says how).</exception>
    /// <exception cref="FileNotFoundException">The model or a tokenizer file is missing (the message names the path and the key).</exception>
    /// <exception cref="InvalidDataException">A tokenizer file is not CLIP's.</exception>
    public static ClipTextEncoder Open(EncoderOptions options, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.TextModelPath))
            throw new InvalidOperationException($"no CLIP text tower configured ({EncoderOptions.Section}:TextModelPath)");
        var modelPath = Path.GetFullPath(options.TextModelPath);
        if (!File.Exists(modelPath))
            throw new FileNotFoundException(
                $"CLIP text tower not found: '{modelPath}'. Set {EncoderOptions.Section}:TextModelPath to the ONNX export of the text model " +
                "with its projection (models are never downloaded).", modelPath);
        var folder = Path.GetFullPath(options.TextTokenizerFolder ?? Path.GetDirectoryName(modelPath)!);
        ClipTokenizer tokenizer;
        try
        {
            tokenizer = ClipTokenizer.Load(Path.Combine(folder, "vocab.json"), Path.Combine(folder, "merges.txt"));
        }
        catch (FileNotFoundException e)
        {
            throw new FileNotFoundException($"{e.Message}. CLIP's tokenizer files (vocab.json and merges.txt) go beside the text model or in " +
                                            $"{EncoderOptions.Section}:TextTokenizerFolder.", e.FileName, e);
        }

        var (session, sessionOptions, _) = OnnxSessionFactory.Create(modelPath,
            new OnnxDeviceSettings(options.Device, options.IntraOpThreads, $"{EncoderOptions.Section}:Device"), log);
        try
        {
            var encoder = Checked(session, sessionOptions, tokenizer, modelPath, options);
            encoder.Dimension = session.OutputMetadata[options.TextOutputName].Dimensions[1] is var d and > 0 ? d : encoder.Encode("").Length;
            return encoder;
        }
        catch
        {
            session.Dispose();
            sessionOptions.Dispose();
            throw;
        }
    }

    private static ClipTextEncoder Checked(InferenceSession session, SessionOptions sessionOptions, ClipTokenizer tokenizer, string modelPath, EncoderOptions options)
    {
        string Problem(string detail) =>
            $"CLIP text tower '{modelPath}' ({EncoderOptions.Section}:TextModelPath) does not fit: {detail}. Its inputs are " +
            $"{OnnxNodeText.List(session.InputMetadata)}; its outputs {OnnxNodeText.List(session.OutputMetadata)}. " +
            $"Set {EncoderOptions.Section}:TextInputName or TextOutputName if the export uses other names.";
        if (!session.InputMetadata.TryGetValue(options.TextInputName, out var ids))
            throw new InvalidOperationException(Problem($"no input named '{options.TextInputName}'"));
        if (!ids.IsTensor || ids.ElementDataType is not (TensorElementType.Int64 or TensorElementType.Int32) || ids.Dimensions.Length != 2)
            throw new InvalidOperationException(Problem($"input '{options.TextInputName}' is not an int64 or int32 [batch, sequence] tensor"));
        var extra = session.InputMetadata.Keys.Where(k => k != options.TextInputName && k != MaskName).ToArray();
        if (extra.Length > 0) throw new InvalidOperationException(Problem($"it needs inputs other than the token ids and {MaskName}: {string.Join(", ", extra)}"));
        var hasMask = session.InputMetadata.TryGetValue(MaskName, out var mask);
        if (hasMask && mask!.ElementDataType != ids.ElementDataType)
            throw new InvalidOperationException(Problem($"'{MaskName}' and '{options.TextInputName}' have different element types"));
        if (!session.OutputMetadata.TryGetValue(options.TextOutputName, out var output))
            throw new InvalidOperationException(Problem($"no output named '{options.TextOutputName}'"));
        if (!output.IsTensor || output.ElementDataType != TensorElementType.Float || output.Dimensions.Length != 2)
            throw new InvalidOperationException(Problem($"output '{options.TextOutputName}' is not a float32 [batch, dimension] tensor"));
        var fixedLength = ids.Dimensions[1] > 0 ? ids.Dimensions[1] : 0;
        if (fixedLength is > 0 and < 2) throw new InvalidOperationException(Problem($"a sequence of {fixedLength} cannot hold the start and end tokens"));
        var maxBatch = ids.Dimensions[0] == 1 ? 1 : Math.Max(1, options.MaxBatchSize);
        return new ClipTextEncoder(session, sessionOptions, tokenizer, modelPath, options, ids.ElementDataType == TensorElementType.Int32,
            hasMask, fixedLength, maxBatch);
    }

    /// <summary>One text's embedding.</summary>
    public float[] Encode(string text) => EncodeBatch([text]);

    /// <summary>The texts' embeddings, row-major [texts x <see cref="Dimension"/>].</summary>
    public float[] EncodeBatch(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var tokens = texts.Select(t => Tokenizer.Encode(t, _fixedLength > 0 ? _fixedLength : ClipTokenizer.DefaultContextLength)).ToArray();
        var result = new List<float>();
        for (var start = 0; start < tokens.Length; start += _maxBatch)
            result.AddRange(Run(tokens.AsSpan(start, Math.Min(_maxBatch, tokens.Length - start)).ToArray()));
        return [.. result];
    }

    private float[] Run(int[][] batch)
    {
        var length = _fixedLength > 0 ? _fixedLength : batch.Max(t => t.Length);
        var ids = new long[batch.Length * length];
        var mask = new long[batch.Length * length];
        for (var b = 0; b < batch.Length; b++)
            for (var i = 0; i < batch[b].Length; i++)
            {
                ids[b * length + i] = batch[b][i];
                mask[b * length + i] = 1;
            }
        long[] shape = [batch.Length, length];
        var inputs = new Dictionary<string, OrtValue> { [_inputName] = Tensor(ids, shape) };
        if (_hasMask) inputs[MaskName] = Tensor(mask, shape);
        try
        {
            using var outputs = _session.Run(_runOptions, inputs, [_outputName]);
            return outputs[0].GetTensorDataAsSpan<float>().ToArray();
        }
        finally
        {
            foreach (var value in inputs.Values) value.Dispose();
        }
    }

    private OrtValue Tensor(long[] values, long[] shape) => _int32
        ? OrtValue.CreateTensorValueFromMemory(values.Select(v => (int)v).ToArray(), shape)
        : OrtValue.CreateTensorValueFromMemory(values, shape);

    public void Dispose()
    {
        _runOptions.Dispose();
        _session.Dispose();
        _sessionOptions.Dispose();
    }
}
