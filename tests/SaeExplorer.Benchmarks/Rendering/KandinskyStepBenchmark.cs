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

    private KandinskyDecoder fp32 = null!;
    private KandinskyDecoder fp16 = null!;
    private RunOptions runOptions = null!;
    private OrtValue[] inputs = null!;
    private KandinskyRequest request = null!;
    private readonly float[] noiseBuffer = new float[4 * Side * Side];
    private readonly float[] latents = new float[4 * Side * Side];
    private readonly float[] eps = new float[4 * Side * Side];
    private readonly float[] work = new float[4 * Side * Side];
    private OnnxGraph unetGraph = null!;
    private UnetPass pass = null!;
    private DdimScheduler ddim = null!;

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
        fp32 = KandinskyDecoder.Open(options, Console.WriteLine);
        fp16 = KandinskyDecoder.Open(options with { UnetPath = Graph("unet_fp16.onnx") });
        Console.WriteLine($"// UNet provider: {fp32.ExecutionProvider}");
        // The baseline runs this graph's own session: same file, same provider, same session options.
        unetGraph = OnnxGraph.Open(KandinskyGraphs.Unet, Graph("unet.onnx"), new OnnxDeviceSettings(device, 0, "SAEX_KANDINSKY_DEVICE"), null);
        runOptions = new RunOptions();

        var random = new Random(1);
        float[] embedding = Enumerable.Range(0, 1280).Select(_ => (float)random.NextDouble()).ToArray();
        inputs =
        [
            OrtValue.CreateTensorValueFromMemory(new float[Batch * 4 * Side * Side], [Batch, 4, Side, Side]),
            OrtValue.CreateTensorValueFromMemory(new long[] { 961, 961 }, [Batch]),
            OrtValue.CreateTensorValueFromMemory([.. embedding, .. embedding], [Batch, 1280]),
        ];
        pass = new UnetPass(unetGraph, Side, Side, embedding, new float[1280], 4f);
        ddim = new DdimScheduler();
        ddim.SetTimesteps(Steps);
        new GaussianNoise(1).Fill(latents);
        request = new KandinskyRequest
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
        foreach (OrtValue value in inputs)
            value.Dispose();
        runOptions.Dispose();
        pass.Dispose();
        unetGraph.Dispose();
        fp32.Dispose();
        fp16.Dispose();
    }

    [Benchmark(Baseline = true, Description = "bare ORT Run, [2,4,64,64]")]
    public int BareRun()
    {
        using IDisposableReadOnlyCollection<OrtValue> outputs =
            unetGraph.Session.Run(runOptions, ["sample", "timestep", "image_embeds"], inputs, ["out_sample"]);
        return outputs.Count;
    }

    [Benchmark(OperationsPerInvoke = Steps, Description = "DDPM step, guided, fp32 graph")]
    public float[] DdpmStep() => fp32.RenderLatents(request with { Scheduler = SchedulerKind.Ddpm });

    [Benchmark(OperationsPerInvoke = Steps, Description = "DDIM step, guided, fp32 graph")]
    public float[] DdimStep() => fp32.RenderLatents(request with { Scheduler = SchedulerKind.Ddim });

    [Benchmark(OperationsPerInvoke = Steps, Description = "DDIM step, guided, fp16 graph")]
    public float[] DdimStepHalf() => fp16.RenderLatents(request with { Scheduler = SchedulerKind.Ddim });

    [Benchmark(Description = "UNet through IO binding + guidance")]
    public float[] UnetPassOnly()
    {
        pass.Predict(latents, 961, eps);
        return eps;
    }

    [Benchmark(Description = "DDIM scheduler step alone (with a latent copy)")]
    public float[] DdimSchedulerStepOnly()
    {
        latents.CopyTo(work, 0); // stepping the same buffer again and again would run it off to infinity
        ddim.Step(eps, 961, work, default);
        return work;
    }

    [Benchmark(Description = "noise for one DDPM step, 16,384 normals")]
    public float[] NoiseForOneStep()
    {
        new GaussianNoise(5).Fill(noiseBuffer);
        return noiseBuffer;
    }
}
