using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace SaeExplorer.Core.Encoders;

/// <summary>
/// Checks on open that a model's tensors fit the preset, so a wrong file or export fails with
/// a message naming the mismatch instead of an ORT shape error on the first image.
/// </summary>
internal static class ModelContract
{
    private const int Dynamic = -1;

    /// <summary>Returns the largest batch one run may carry: 1 for fixed-batch models, otherwise <paramref name="maxBatch"/>.</summary>
    public static int Validate(InferenceSession session, EncoderPreset preset, string modelPath, int maxBatch)
    {
        NodeMetadata input = Find(session.InputMetadata, preset.InputName, "input", "InputName", preset, modelPath);
        NodeMetadata output = Find(session.OutputMetadata, preset.OutputName, "output", "OutputName", preset, modelPath);
        int[] inDims = input.Dimensions;
        int[] outDims = output.Dimensions;

        bool inputFits = inDims.Length == 4 && Matches(inDims[1], EncoderPreset.Channels)
            && Matches(inDims[2], preset.Size) && Matches(inDims[3], preset.Size);
        if (!inputFits)
            throw Mismatch(modelPath, preset, $"input '{preset.InputName}' has shape {OnnxNodeText.Shape(inDims)}, expected [N,3,{preset.Size},{preset.Size}]");

        long features = outDims.Skip(1).Aggregate(1L, (product, d) => d == Dynamic ? Dynamic : product * d);
        if (outDims.Length < 2 || (features != Dynamic && features != preset.OutputDimension))
            throw Mismatch(modelPath, preset, $"output '{preset.OutputName}' has shape {OnnxNodeText.Shape(outDims)}, expected N x {preset.OutputDimension} values");

        int batch = inDims[0];
        if (batch != 1 && batch != Dynamic)
            throw Mismatch(modelPath, preset, $"input '{preset.InputName}' has a fixed batch of {batch}; only 1 or dynamic is supported");
        return preset.FixedBatchOne || batch == 1 ? 1 : Math.Max(1, maxBatch);
    }

    private static NodeMetadata Find(IReadOnlyDictionary<string, NodeMetadata> nodes, string name, string kind,
        string optionKey, EncoderPreset preset, string modelPath)
    {
        if (!nodes.TryGetValue(name, out NodeMetadata? node))
        {
            throw Mismatch(modelPath, preset,
                $"no {kind} named '{name}'; the model's {kind}s are {OnnxNodeText.List(nodes)}. " +
                $"Set {EncoderOptions.Section}:{optionKey} if the export uses another name");
        }
        if (!node.IsTensor || node.ElementDataType != TensorElementType.Float)
            throw Mismatch(modelPath, preset, $"{kind} '{name}' is {node.ElementDataType}, expected a float32 tensor");
        return node;
    }

    private static bool Matches(int actual, int expected) => actual == expected || actual == Dynamic;

    private static InvalidOperationException Mismatch(string modelPath, EncoderPreset preset, string detail) =>
        new($"Model '{modelPath}' does not fit encoder preset '{preset.Name}': {detail}.");
}
