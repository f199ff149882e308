using BenchmarkDotNet.Attributes;
using SaeExplorer.Core.Encoders;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SaeExplorer.Benchmarks.Encoders;

/// <summary>
/// One 160 px image through the packaged ResNet18 on CPU (batch 1), and the preprocessing
/// (crop, bicubic resize to 224, BGR mean subtraction) on its own to show its share.
/// </summary>
[MemoryDiagnoser]
public class ResNet18EncodeBenchmark
{
    private OnnxImageEncoder encoder = null!;
    private ImagePreprocessor preprocessor = null!;
    private Image<Rgb24> image = null!;
    private float[] tensor = null!;

    [GlobalSetup]
    public void Setup()
    {
        encoder = OnnxImageEncoder.Open(new EncoderOptions { Device = "cpu" });
        preprocessor = new ImagePreprocessor(encoder.Preset);
        tensor = new float[encoder.Preset.TensorLength];
        image = new Image<Rgb24>(160, 160);
        var random = new Random(1);
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                Span<Rgb24> row = rows.GetRowSpan(y);
                for (int x = 0; x < row.Length; x++)
                    row[x] = new Rgb24((byte)(x + y), (byte)(2 * y), (byte)random.Next(256)); // gradient + noise
            }
        });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        encoder.Dispose();
        image.Dispose();
    }

    [Benchmark(Description = "Encode 160px, batch 1")]
    public float[] Encode() => encoder.Encode(image);

    [Benchmark(Description = "Preprocess only")]
    public float[] Preprocess()
    {
        preprocessor.Process(image, tensor);
        return tensor;
    }
}
