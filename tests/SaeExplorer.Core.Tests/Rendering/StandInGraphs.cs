using SaeExplorer.Core.Rendering.Kandinsky;

namespace SaeExplorer.Core.Tests.Rendering;

/// <summary>The stand-in graphs of Fixtures/kandinsky (tools/kandinsky/make_test_graphs.py) and their closed forms.</summary>
internal static class StandInGraphs
{
    public static readonly double[,] EncoderWeights = { { 0.5, 0.25, 0.0 }, { 0.0, 0.5, 0.25 }, { 0.25, 0.0, 0.5 }, { 0.2, 0.2, 0.2 } };
    public static readonly double[] EncoderBias = [0.1, -0.1, 0.0, 0.05];

    public static string File(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "kandinsky", name);

    public static KandinskyOptions Options(string unet = "unet.onnx") => new()
    {
        UnetPath = File(unet),
        MovqDecoderPath = File("movq_decoder.onnx"),
        MovqEncoderPath = File("movq_encoder.onnx"),
        Device = "cpu",
    };

    /// <summary>Embeddings with clearly different means (~0.3 and ~-0.1), so guidance changes eps.</summary>
    public static float[] Positive() => Enumerable.Range(0, 1280).Select(i => 0.3f + 0.2f * MathF.Sin(i)).ToArray();

    public static float[] Negative() => Enumerable.Range(0, 1280).Select(i => -0.1f + 0.05f * MathF.Cos(i)).ToArray();

    /// <summary>The stand-in MoVQ encoder on planar RGB in [-1, 1]: 8x8 average pool, then the fixed 3 -> 4 linear map.</summary>
    public static double[] EncodeLatents(float[] chw, int width, int height)
    {
        int w = width / 8, h = height / 8, plane = width * height;
        var latents = new double[4 * h * w];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                var pooled = new double[3];
                for (int c = 0; c < 3; c++)
                    for (int dy = 0; dy < 8; dy++)
                        for (int dx = 0; dx < 8; dx++)
                            pooled[c] += chw[c * plane + (8 * y + dy) * width + 8 * x + dx] / 64.0;
                for (int k = 0; k < 4; k++)
                    latents[k * h * w + y * w + x] = EncoderBias[k]
                        + EncoderWeights[k, 0] * pooled[0] + EncoderWeights[k, 1] * pooled[1] + EncoderWeights[k, 2] * pooled[2];
            }
        return latents;
    }
}

/// <summary>One decoder over the fp32 stand-ins, shared by a test class.</summary>
public sealed class StandInDecoderFixture : IDisposable
{
    public KandinskyDecoder Decoder { get; } = KandinskyDecoder.Open(StandInGraphs.Options());

    public void Dispose() => Decoder.Dispose();
}
