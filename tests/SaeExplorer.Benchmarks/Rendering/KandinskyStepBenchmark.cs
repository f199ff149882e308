using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Rendering.Kandinsky;

namespace SaeExplorer.Benchmarks.Rendering;

/// <summary>
/// The renderer's cost per denoising step at 512 px (latents 64 x 64, guided batch of 2) with the stand-in UNet,
/// against the baseline of one bare ORT Run of the same graph on the same inputs: the Ratio shows what the loop
/// (IO binding, guidance, scheduler step, noise) adds to each UNet evaluation. SAEX_KANDINSKY_DEVICE=cuda runs both
/// on the GPU (default cpu).
/// </summary>
[MemoryDiagnoser]
[MinColumn, MedianColumn]
public class KandinskyStepBenchmark
{
    private const int Steps = 25, Side = 64, Batch = 2;

    private KandinskyDecoder _fp32 = null!;
    private KandinskyDecoder _fp16 = null!;
    private RunOptions _runOptions = null!;
    private OrtValue[] _inputs = null!;
    private KandinskyRequest _request = null!;
    private readonly float[] _noiseBuffer = new float[4 * Side * Side];
    private readonly float[] _latents = new float[4 * Side * Side];
    private readonly float[] _eps = new float[4 * Side * Side];
    private readonly float[] _work = new float[4 * Side * Side];
    private OnnxGraph _unetGraph = null!;
    private UnetPass _pass = null!;
    private DdimScheduler _ddim = null!;

    private static string Graph(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "kandinsky", name);

    [GlobalSetup]
    public void Setup()
    {
        string device = Environment.GetEnvironmentVariable("SAEX_KANDINSKY_DEVICE") ?? "cpu";
        var options = new KandinskyOptions
        {
            UnetPath = Graph("unet.onnx"),
            MovqDecoderPath = Graph("movq_decoder.onnx"),
            Device = device,
        };
        _fp32 = KandinskyDecoder.Open(options, Console.WriteLine);
        _fp16 = KandinskyDecoder.Open(options with { UnetPath = Graph("unet_fp16.onnx") });
        Console.WriteLine($"// UNet provider: {_fp32.ExecutionProvider}");
        // The baseline runs this graph's own session: same file, same provider, same session options.
        _unetGraph = OnnxGraph.Open(KandinskyGraphs.Unet, Graph("unet.onnx"), new OnnxDeviceSettings(device, 0, "SAEX_KANDINSKY_DEVICE"), null);
        _runOptions = new RunOptions();

        var random = new Random(1);
        float[] embedding = Enumerable.Range(0, 1280).Select(_ => (float)random.NextDouble()).ToArray();
        _inputs =
        [
            OrtValue.CreateTensorValueFromMemory(new float[Batch * 4 * Side * Side], [Batch, 4, Side, Side]),
            OrtValue.CreateTensorValueFromMemory(new long[] { 961, 961 }, [Batch]),
            OrtValue.CreateTensorValueFromMemory([.. embedding, .. embedding], [Batch, 1280]),
        ];
        _pass = new UnetPass(_unetGraph, Side, Side, embedding, new float[1280], 4f);
        _ddim = new DdimScheduler();
        _ddim.SetTimesteps(Steps);
        new GaussianNoise(1).Fill(_latents);
        _request = new KandinskyRequest
        {
            ImageEmbedding = embedding,
            NegativeEmbedding = new float[1280],
            Steps = Steps,
            Guidance = 4f,
            Seed = 3,
        };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (OrtValue value in _inputs)
            value.Dispose();
        _runOptions.Dispose();
        _pass.Dispose();
        _unetGraph.Dispose();
        _fp32.Dispose();
        _fp16.Dispose();
    }

    [Benchmark(Baseline = true, Description = "bare ORT Run, [2,4,64,64]")]
    public int BareRun()
    {
        using IDisposableReadOnlyCollection<OrtValue> outputs =
            _unetGraph.Session.Run(_runOptions, ["sample", "timestep", "image_embeds"], _inputs, ["out_sample"]);
        return outputs.Count;
    }

    [Benchmark(OperationsPerInvoke = Steps, Description = "DDPM step, guided, fp32 graph")]
    public float[] DdpmStep() => _fp32.RenderLatents(_request with { Scheduler = SchedulerKind.Ddpm });

    [Benchmark(OperationsPerInvoke = Steps, Description = "DDIM step, guided, fp32 graph")]
    public float[] DdimStep() => _fp32.RenderLatents(_request with { Scheduler = SchedulerKind.Ddim });

    [Benchmark(OperationsPerInvoke = Steps, Description = "DDIM step, guided, fp16 graph")]
    public float[] DdimStepHalf() => _fp16.RenderLatents(_request with { Scheduler = SchedulerKind.Ddim });

    [Benchmark(Description = "UNet through IO binding + guidance")]
    public float[] UnetPassOnly()
    {
        _pass.Predict(_latents, 961, _eps);
        return _eps;
    }

    [Benchmark(Description = "DDIM scheduler step alone (with a latent copy)")]
    public float[] DdimSchedulerStepOnly()
    {
        _latents.CopyTo(_work, 0); // stepping the same buffer again and again would run it off to infinity
        _ddim.Step(_eps, 961, _work, default);
        return _work;
    }

    [Benchmark(Description = "noise for one DDPM step, 16,384 normals")]
    public float[] NoiseForOneStep()
    {
        new GaussianNoise(5).Fill(_noiseBuffer);
        return _noiseBuffer;
    }
}
