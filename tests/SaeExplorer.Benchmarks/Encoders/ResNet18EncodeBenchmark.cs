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
    private OnnxImageEncoder _encoder = null!;
    private ImagePreprocessor _preprocessor = null!;
    private Image<Rgb24> _image = null!;
    private float[] _tensor = null!;

    [GlobalSetup]
    public void Setup()
    {
        _encoder = OnnxImageEncoder.Open(new EncoderOptions { Device = "cpu" });
        _preprocessor = new ImagePreprocessor(_encoder.Preset);
        _tensor = new float[_encoder.Preset.TensorLength];
        _image = new Image<Rgb24>(160, 160);
        var random = new Random(1);
        _image.ProcessPixelRows(rows =>
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
        _encoder.Dispose();
        _image.Dispose();
    }

    [Benchmark(Description = "Encode 160px, batch 1")]
    public float[] Encode() => _encoder.Encode(_image);

    [Benchmark(Description = "Preprocess only")]
    public float[] Preprocess()
    {
        _preprocessor.Process(_image, _tensor);
        return _tensor;
    }
}
