using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SaeExplorer.Core.Encoders;

namespace SaeExplorer.Core.Rendering.Kandinsky;

/// <summary>
/// One exported graph opened by path (so ONNX external data beside it loads) through
/// <see cref="OnnxSessionFactory"/>, and checked against its <see cref="GraphSpec"/> so a wrong file
/// fails on open with a message listing what the graph has. Remembers which real tensors are float16.
/// </summary>
internal sealed class OnnxGraph : IDisposable
{
    private readonly SessionOptions _sessionOptions;
    private readonly HashSet<string> _halfTensors;

    private OnnxGraph(InferenceSession session, SessionOptions sessionOptions, string provider, HashSet<string> halfTensors)
    {
        Session = session;
        _sessionOptions = sessionOptions;
        _halfTensors = halfTensors;
        ExecutionProvider = provider;
    }

    public InferenceSession Session { get; }

    public RunOptions RunOptions { get; } = new();

    public string ExecutionProvider { get; }

    public bool IsHalf(string name) => _halfTensors.Contains(name);

    public bool IsInput(string name) => Session.InputMetadata.ContainsKey(name);

    /// <exception cref="InvalidOperationException">The path is not set, the file does not load, or its tensors do not fit.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static OnnxGraph Open(GraphSpec spec, string? path, OnnxDeviceSettings device, Action<string>? log)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new InvalidOperationException(
                $"Kandinsky {spec.Role}: {spec.PathKey} is not set; set it to the exported .onnx file (docs/kandinsky.md).");
        string fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
            throw new FileNotFoundException(
                $"Kandinsky {spec.Role} file not found: '{fullPath}'. Set {spec.PathKey} in appsettings to the exported .onnx file " +
                "(with its external data files beside it); models are never downloaded.", fullPath);

        InferenceSession session;
        SessionOptions options;
        string provider;
        try
        {
            (session, options, provider) = OnnxSessionFactory.Create(fullPath, device, log);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidOperationException(
                $"Kandinsky {spec.Role} '{fullPath}' ({spec.PathKey}) could not be loaded: {OnnxSessionFactory.FirstLine(e.Message)}. " +
                "An export over 2 GB keeps its weights in external data files, which must stay beside the .onnx file.", e);
        }
        try
        {
            var half = new HashSet<string>(StringComparer.Ordinal);
            foreach (TensorSpec tensor in spec.Inputs)
                Check(session.InputMetadata, tensor, "input", spec, fullPath, half);
            foreach (TensorSpec tensor in spec.Outputs)
                Check(session.OutputMetadata, tensor, "output", spec, fullPath, half);
            return new OnnxGraph(session, options, provider, half);
        }
        catch
        {
            session.Dispose();
            options.Dispose();
            throw;
        }
    }

    private static void Check(IReadOnlyDictionary<string, NodeMetadata> nodes, TensorSpec tensor, string kind,
        GraphSpec spec, string path, HashSet<string> half)
    {
        string where = $"Kandinsky {spec.Role} '{path}' ({spec.PathKey})";
        if (!nodes.TryGetValue(tensor.Name, out NodeMetadata? node))
            throw new InvalidOperationException(
                $"{where} has no {kind} named '{tensor.Name}'; the graph's {kind}s are {OnnxNodeText.List(nodes)}. " +
                "Export it with tools/kandinsky/export_kandinsky22.py, which uses the expected names.");

        bool typeFits = node.IsTensor && (tensor.Kind == TensorKind.Int64
            ? node.ElementDataType == TensorElementType.Int64
            : node.ElementDataType is TensorElementType.Float or TensorElementType.Float16);
        int[] dims = node.IsTensor ? node.Dimensions : [];
        bool shapeFits = dims.Length == tensor.Dims.Length && dims.Zip(tensor.Dims).All(d => d.First == d.Second);
        if (!typeFits || !shapeFits)
        {
            string expectedType = tensor.Kind == TensorKind.Int64 ? "int64" : "float32 or float16";
            throw new InvalidOperationException(
                $"{where}: {kind} {OnnxNodeText.Describe(tensor.Name, node)} does not fit; expected {OnnxNodeText.Shape(tensor.Dims)} " +
                $"{expectedType} (? must be dynamic). The graph's {kind}s are {OnnxNodeText.List(nodes)}.");
        }
        if (node.ElementDataType == TensorElementType.Float16)
            half.Add(tensor.Name);
    }

    public void Dispose()
    {
        RunOptions.Dispose();
        Session.Dispose();
        _sessionOptions.Dispose();
    }
}
