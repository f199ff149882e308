namespace SaeExplorer.Core.Rendering.Kandinsky;

/// <summary>Real tensors may be float32 or float16 (cast at the boundary); integer ones are int64.</summary>
internal enum TensorKind
{
    Real,
    Int64,
}

/// <summary>A tensor a graph must have: its name, element kind and dimensions (-1: must be dynamic).</summary>
internal sealed record TensorSpec(string Name, TensorKind Kind, int[] Dims);

/// <summary>What one exported graph must look like, and the appsettings key naming its file.</summary>
internal sealed record GraphSpec(string Role, string PathKey, TensorSpec[] Inputs, TensorSpec[] Outputs);
