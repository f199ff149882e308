using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Tests.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace SaeExplorer.Core.Tests.Encoders;

/// <summary>One CPU ResNet18 session shared by the tests in this class (opening costs ~1 s).</summary>
public sealed class ResNet18Fixture : IDisposable
{
    public ResNet18Fixture() => Encoder = OnnxImageEncoder.Open(new EncoderOptions { Device = "cpu" });

    public OnnxImageEncoder Encoder { get; }

    public void Dispose() => Encoder.Dispose();
}

public sealed class OnnxImageEncoderTests(ResNet18Fixture fixture) : IClassFixture<ResNet18Fixture>
{
    private readonly OnnxImageEncoder _encoder = fixture.Encoder;

    [Fact]
    public void EncodesTo512NonNegativeFiniteValues()
    {
        using Image<Rgb24> image = TestImages.Sunset(160);

        float[] embedding = _encoder.Encode(image);

        Assert.Equal(512, _encoder.Dimension);
        Assert.Equal(512, embedding.Length);
        Assert.All(embedding, v => Assert.True(float.IsFinite(v) && v >= 0, $"{v}")); // ReLU then average pooling
        Assert.True(embedding.Count(v => v > 0) > 50, "most features should fire on a real scene");
        Assert.Equal("CPUExecutionProvider", _encoder.ExecutionProvider);
    }

    [Fact]
    public void SameImageGivesTheSameVector()
    {
        using Image<Rgb24> image = TestImages.Stripes(160, 24);
        Assert.Equal(_encoder.Encode(image), _encoder.Encode(image));
    }

    [Fact]
    public void FlippedAndResizedCopiesAreCloserThanOtherScenes()
    {
        using Image<Rgb24> sunset = TestImages.Sunset(160);
        using Image<Rgb24> flipped = TestImages.Flipped(sunset);
        using Image<Rgb24> smaller = sunset.Clone(c => c.Resize(120, 120));
        using Image<Rgb24> board = TestImages.Checkerboard(160, 20);
        using Image<Rgb24> stripes = TestImages.Stripes(160, 24);
        using Image<Rgb24> noise = TestImages.Noise(160, 160, seed: 5);

        float[] original = _encoder.Encode(sunset);
        double toFlipped = Cosine(original, _encoder.Encode(flipped));
        double toSmaller = Cosine(original, _encoder.Encode(smaller));
        double closestOther = new[] { board, stripes, noise }.Max(other => Cosine(original, _encoder.Encode(other)));

        Assert.True(toFlipped > closestOther, $"flipped {toFlipped:F3} vs other scenes {closestOther:F3}");
        Assert.True(toSmaller > closestOther, $"resized {toSmaller:F3} vs other scenes {closestOther:F3}");
        Assert.True(toSmaller > 0.9, $"resized copy similarity {toSmaller:F3}");
    }

    [Fact]
    public void BatchMatchesSingleEncodes()
    {
        using Image<Rgb24> a = TestImages.Checkerboard(100, 10);
        using Image<Rgb24> b = TestImages.Noise(90, 130, seed: 9);

        IReadOnlyList<float[]> batch = _encoder.EncodeBatch([a, b, a]);

        Assert.Equal(3, batch.Count);
        Assert.Equal(_encoder.Encode(a), batch[0]);
        Assert.Equal(_encoder.Encode(b), batch[1]);
        Assert.Equal(batch[0], batch[2]);
        Assert.Empty(_encoder.EncodeBatch([]));
    }

    [Fact]
    public void ZeroInputEmbeddingIsTheModelOnAnAllZeroTensor()
    {
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(EncoderOptions.PackagedResNet18Path);
        using var zeros = Microsoft.ML.OnnxRuntime.OrtValue.CreateTensorValueFromMemory(new float[3 * 224 * 224], [1, 3, 224, 224]);
        using var runOptions = new Microsoft.ML.OnnxRuntime.RunOptions();
        using var outputs = session.Run(runOptions, ["Input247"], [zeros], ["Pooling395_Output_0"]);
        float[] expected = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        using Image<Rgb24> black = TestImages.Solid(160, 160, new Rgb24(0, 0, 0));

        float[] zero = _encoder.EncodeZeroInput();

        Assert.Equal(expected, zero);
        Assert.NotEqual(_encoder.Encode(black), zero); // zero after normalisation is the mean colour, not black
        Assert.Equal(zero, _encoder.EncodeZeroInput());
        Assert.Equal(_encoder.Encode(black), _encoder.EncodeBatch([black])[0]); // the shared buffer is refilled after a zero run
    }

    [Fact]
    public void ParallelCallersGetTheirOwnResults()
    {
        using Image<Rgb24> a = TestImages.Sunset(64);
        using Image<Rgb24> b = TestImages.Checkerboard(64, 8);
        float[] expectedA = _encoder.Encode(a), expectedB = _encoder.Encode(b);

        Parallel.For(0, 8, i => Assert.Equal(i % 2 == 0 ? expectedA : expectedB, _encoder.Encode(i % 2 == 0 ? a : b)));
    }

    private static double Cosine(float[] x, float[] y) =>
        System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(x, y);
}

public sealed class OnnxImageEncoderOpenTests
{
    /// <summary>
    /// Auto picks CUDA where ONNX Runtime can load it, else CPU with one log line saying why. Both branches assert:
    /// with CUDA, no fallback line and encodings equal to the CPU session's (to fp tolerance); without, the line.
    /// </summary>
    [Fact]
    public void AutoDeviceUsesCudaWhereItLoadsAndFallsBackToCpuWithOneLogLineWhereNot()
    {
        var log = new List<string>();

        using OnnxImageEncoder encoder = OnnxImageEncoder.Open(new EncoderOptions { Device = "auto" }, log.Add);

        if (encoder.ExecutionProvider == "CUDAExecutionProvider")
        {
            Assert.Empty(log);
            using OnnxImageEncoder cpu = OnnxImageEncoder.Open(new EncoderOptions { Device = "cpu" });
            using var image = TestImages.Sunset(96);
            float[] onGpu = encoder.Encode(image), onCpu = cpu.Encode(image);
            Assert.Equal(onCpu.Length, onGpu.Length);
            Assert.True(System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(onCpu, onGpu) > 0.9999f, "CUDA and CPU encodings should agree");
            return;
        }
        Assert.Equal("CPUExecutionProvider", encoder.ExecutionProvider);
        string line = Assert.Single(log);
        Assert.StartsWith("CUDA execution provider unavailable (", line);
        Assert.EndsWith("); using CPU.", line);
    }

    [Fact]
    public void MissingModelNamesThePathAndTheSetting()
    {
        string path = Path.Combine(Path.GetTempPath(), "no-such-dir", "model.onnx");

        var e = Assert.Throws<FileNotFoundException>(() =>
            OnnxImageEncoder.Open(new EncoderOptions { ModelPath = path, Device = "cpu" }));

        Assert.Equal(path, e.FileName);
        Assert.Contains($"'{path}'", e.Message);
        Assert.Contains("Encoder:ModelPath", e.Message);
    }

    [Fact]
    public void WrongInputNameIsReportedWithTheModelsRealInputs()
    {
        var options = new EncoderOptions { Device = "cpu", InputName = "pixel_values" };

        var e = Assert.Throws<InvalidOperationException>(() => OnnxImageEncoder.Open(options));

        Assert.Contains("no input named 'pixel_values'", e.Message);
        Assert.Contains("'Input247' [1,3,224,224]", e.Message);
        Assert.Contains("Encoder:InputName", e.Message);
    }

    [Fact]
    public void OutputOfTheWrongSizeIsReported()
    {
        EncoderPreset preset = EncoderPresets.ResNet18 with { OutputDimension = 1280 };

        var e = Assert.Throws<InvalidOperationException>(() =>
            OnnxImageEncoder.Open(preset, EncoderOptions.PackagedResNet18Path, new EncoderOptions { Device = "cpu" }));

        Assert.Contains("output 'Pooling395_Output_0' has shape [1,512,1,1], expected N x 1280 values", e.Message);
    }

    [Fact]
    public void InputOfTheWrongSizeIsReported()
    {
        EncoderPreset preset = EncoderPresets.ResNet18 with { Size = 256 };

        var e = Assert.Throws<InvalidOperationException>(() =>
            OnnxImageEncoder.Open(preset, EncoderOptions.PackagedResNet18Path, new EncoderOptions { Device = "cpu" }));

        Assert.Contains("input 'Input247' has shape [1,3,224,224], expected [N,3,256,256]", e.Message);
    }

    [Fact]
    public void UnknownDeviceIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => OnnxImageEncoder.Open(new EncoderOptions { Device = "tpu" }));
        Assert.Contains("Encoder:Device", e.Message);
    }

    [Fact]
    public void DisposedEncoderRefusesWork()
    {
        OnnxImageEncoder encoder = OnnxImageEncoder.Open(new EncoderOptions { Device = "cpu" });
        encoder.Dispose();
        encoder.Dispose(); // idempotent

        using Image<Rgb24> image = TestImages.Solid(8, 8, new Rgb24(1, 2, 3));
        Assert.Throws<ObjectDisposedException>(() => encoder.Encode(image));
    }
}
