using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace SaeExplorer.Core.Rendering.Kandinsky;

/// <summary>
/// Fixed-shape host buffers bound to a graph's inputs and outputs with ONNX Runtime IO binding, so a
/// loop of runs allocates nothing. Callers read and write float32; a tensor the graph declares float16
/// gets a half-precision twin, converted before (inputs) and after (outputs) each run. On CUDA the
/// provider copies the bound host buffers to and from the device, which at Kandinsky's latent sizes
/// (2 x 8 x 96 x 96 values) is small next to the UNet itself.
/// </summary>
internal sealed class GraphBinding(OnnxGraph graph) : IDisposable
{
    private readonly OrtIoBinding _binding = graph.Session.CreateIoBinding();
    private readonly List<OrtValue> _values = [];
    private readonly List<(float[] Single, Float16[] Half)> _halfInputs = [];
    private readonly List<(float[] Single, Float16[] Half)> _halfOutputs = [];

    /// <summary>Binds a real tensor of <paramref name="shape"/>; returns the float32 buffer to fill (input) or read (output).</summary>
    public float[] BindReal(string name, long[] shape)
    {
        var single = new float[Count(shape)];
        if (graph.IsHalf(name))
        {
            var half = new Float16[single.Length];
            Bind(name, OrtValue.CreateTensorValueFromMemory(half, shape));
            (graph.IsInput(name) ? _halfInputs : _halfOutputs).Add((single, half));
        }
        else
        {
            Bind(name, OrtValue.CreateTensorValueFromMemory(single, shape));
        }
        return single;
    }

    /// <summary>Binds an int64 input of <paramref name="shape"/>; returns the buffer to fill.</summary>
    public long[] BindInt64(string name, long[] shape)
    {
        var buffer = new long[Count(shape)];
        Bind(name, OrtValue.CreateTensorValueFromMemory(buffer, shape));
        return buffer;
    }

    public void Run()
    {
        foreach ((float[] single, Float16[] half) in _halfInputs)
            TensorPrimitives.ConvertToHalf(single, MemoryMarshal.Cast<Float16, Half>(half.AsSpan()));
        graph.Session.RunWithBinding(graph.RunOptions, _binding);
        _binding.SynchronizeBoundOutputs();
        foreach ((float[] single, Float16[] half) in _halfOutputs)
            TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<Float16, Half>(half.AsSpan()), single);
    }

    private void Bind(string name, OrtValue value)
    {
        _values.Add(value);
        if (graph.IsInput(name))
            _binding.BindInput(name, value);
        else
            _binding.BindOutput(name, value);
    }

    private static int Count(long[] shape) => checked((int)shape.Aggregate(1L, (product, d) => product * d));

    public void Dispose()
    {
        _binding.Dispose();
        foreach (OrtValue value in _values)
            value.Dispose();
    }
}
