using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace SaeExplorer.Core.Encoders;

/// <summary>How a graph's tensors are written in error messages: <c>'name' [?,3,224,224] float32</c> (? is dynamic).</summary>
internal static class OnnxNodeText
{
    public static string Shape(int[] dims) => "[" + string.Join(",", dims.Select(d => d < 0 ? "?" : d.ToString())) + "]";

    public static string Describe(string name, NodeMetadata node) =>
        node.IsTensor ? $"'{name}' {Shape(node.Dimensions)} {ElementType(node)}" : $"'{name}' (not a tensor)";

    public static string List(IReadOnlyDictionary<string, NodeMetadata> nodes) =>
        string.Join(", ", nodes.Select(n => Describe(n.Key, n.Value)));

    private static string ElementType(NodeMetadata node) => node.ElementDataType switch
    {
        TensorElementType.Float => "float32",
        TensorElementType.Float16 => "float16",
        TensorElementType.Int64 => "int64",
        var other => other.ToString().ToLowerInvariant(),
    };
}
