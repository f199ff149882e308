using SaeExplorer.Core.Rendering.Kandinsky;
using SaeExplorer.Core.Tests.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Ref = SaeExplorer.Core.Tests.Rendering.KandinskyReference;

namespace SaeExplorer.Core.Tests.Rendering;

public sealed class KandinskyDecoderTests(StandInDecoderFixture fixture) : IClassFixture<StandInDecoderFixture>
{
    private readonly KandinskyDecoder _decoder = fixture.Decoder;

    private static KandinskyRequest Request(SchedulerKind scheduler, float guidance, int steps = 25, long seed = 11) => new()
    {
        ImageEmbedding = StandInGraphs.Positive(),
        NegativeEmbedding = StandInGraphs.Negative(),
        Width = 64,
        Height = 128,
        Steps = steps,
        Guidance = guidance,
        Scheduler = scheduler,
        Seed = seed,
    };

    [Theory]
    [InlineData(SchedulerKind.Ddpm, 4f)]
    [InlineData(SchedulerKind.Ddpm, 1f)]
    [InlineData(SchedulerKind.Ddim, 4f)]
    [InlineData(SchedulerKind.Ddim, 1f)]
    public void DenoisingLoopFollowsTheFormulasStepByStep(SchedulerKind scheduler, float guidance)
    {
        KandinskyRequest request = Request(scheduler, guidance);
        const int steps = 25, plane = 16 * 8; // 128 x 64 px -> latents [4, 16, 8]

        float[] actual = _decoder.RenderLatents(request);

        // Noise order (KandinskyDecoder): the initial latents, then one sample per value for each DDPM step.
        var noise = new GaussianNoise(request.Seed);
        var initial = new float[4 * plane];
        noise.Fill(initial);
        double[] x = initial.Select(v => (double)v).ToArray();
        var z = new float[4 * plane];
        foreach (int t in Ref.Timesteps(steps))
        {
            double[] eps = Ref.GuidedEps(x, plane, t, request.ImageEmbedding, request.NegativeEmbedding, guidance);
            if (scheduler == SchedulerKind.Ddpm)
                noise.Fill(z);
            for (int i = 0; i < x.Length; i++)
                x[i] = scheduler == SchedulerKind.Ddpm ? Ref.DdpmStep(x[i], eps[i], t, steps, z[i]) : Ref.DdimStep(x[i], eps[i], t, steps);
        }

        Assert.Equal(x.Length, actual.Length);
        for (int i = 0; i < x.Length; i++)
            Assert.True(Math.Abs(actual[i] - x[i]) <= 1e-4 * (1 + Math.Abs(x[i])), $"latent {i}: {actual[i]} vs {x[i]}");
    }

    [Fact]
    public void GuidanceChangesThePicture()
    {
        float[] guided = _decoder.RenderLatents(Request(SchedulerKind.Ddim, 4f));
        float[] plain = _decoder.RenderLatents(Request(SchedulerKind.Ddim, 1f));
        Assert.True(guided.Zip(plain).Max(p => Math.Abs(p.First - p.Second)) > 0.1);
    }

    [Fact]
    public void SameSeedSamePictureOtherSeedAnother()
    {
        using Image<Rgb24> first = _decoder.Render(Request(SchedulerKind.Ddpm, 4f, steps: 10, seed: 5));
        using Image<Rgb24> again = _decoder.Render(Request(SchedulerKind.Ddpm, 4f, steps: 10, seed: 5));
        using Image<Rgb24> other = _decoder.Render(Request(SchedulerKind.Ddpm, 4f, steps: 10, seed: 6));

        Assert.Equal(Pixels(first), Pixels(again));
        Rgb24[] a = Pixels(first), b = Pixels(other);
        Assert.True(a.Zip(b).Count(p => p.First != p.Second) > a.Length / 2);
    }

    [Fact]
    public void PictureIsTheMoVQDecodeOfTheFinalLatents()
    {
        KandinskyRequest request = Request(SchedulerKind.Ddim, 4f, steps: 4) with { Width = 512, Height = 768 };
        float[] latents = _decoder.RenderLatents(request);
        using Image<Rgb24> picture = _decoder.Render(request);

        Assert.Equal((512, 768), (picture.Width, picture.Height));
        Assert.Equal(4 * 96 * 64, latents.Length);
        Rgb24[] pixels = Pixels(picture);
        for (int y = 0; y < 768; y += 13)
            for (int x = 0; x < 512; x += 7)
            {
                // stand-in decoder: tanh of latent channels 0..2, nearest 8x; then clamp(v * 0.5 + 0.5) * 255
                int latent = y / 8 * 64 + x / 8;
                byte Expected(int c) => (byte)Math.Round(Math.Clamp(Math.Tanh(latents[c * 96 * 64 + latent]) * 0.5 + 0.5, 0, 1) * 255);
                Rgb24 p = pixels[y * 512 + x];
                Assert.InRange(p.R, Expected(0) - 1, Expected(0) + 1);
                Assert.InRange(p.G, Expected(1) - 1, Expected(1) + 1);
                Assert.InRange(p.B, Expected(2) - 1, Expected(2) + 1);
            }
    }

    [Fact]
    public void Fp16GraphGivesTheFp32AnswerToHalfPrecision()
    {
        using KandinskyDecoder half = KandinskyDecoder.Open(StandInGraphs.Options("unet_fp16.onnx"));
        foreach (SchedulerKind scheduler in Enum.GetValues<SchedulerKind>())
        {
            KandinskyRequest request = Request(scheduler, 4f);
            float[] single = _decoder.RenderLatents(request);
            float[] halved = half.RenderLatents(request);

            double worst = single.Zip(halved).Max(p => Math.Abs(p.First - p.Second) / (1 + Math.Abs(p.First)));
            // float16 keeps 11 significant bits (relative 4.9e-4) on sample, image_embeds and out_sample at every step.
            Assert.True(worst < 5e-3, $"{scheduler}: worst relative difference {worst}");
            Assert.True(worst > 1e-6, $"{scheduler}: the fp16 graph should round ({worst})");
        }
    }

    [Fact]
    public void ImageToImageStartsFromTheNoisedEncodingAtTimestepsNMinusIntNStrength()
    {
        using Image<Rgb24> image = TestImages.Sunset(64);
        KandinskyRequest request = Request(SchedulerKind.Ddim, 4f, steps: 10) with { Width = 64, Height = 64, InitImage = image, Strength = 0.3 };
        var reports = new List<KandinskyProgress>();

        float[] actual = _decoder.RenderLatents(request, new SyncProgress<KandinskyProgress>(reports.Add));

        // 10 steps, strength 0.3: start = 10 - int(3.0) = 7, so t = 201, 101, 1.
        int[] timesteps = Ref.Timesteps(10);
        Assert.Equal([201, 101, 1], timesteps[7..]);
        Assert.Equal([new(1, 3), new(2, 3), new(3, 3)], reports);
        double[] x0 = StandInGraphs.EncodeLatents(PlanarRgb(image), 64, 64);
        var z = new float[x0.Length];
        new GaussianNoise(request.Seed).Fill(z);
        double abar = Ref.AlphaBar(201);
        double[] x = x0.Select((v, i) => Math.Sqrt(abar) * v + Math.Sqrt(1 - abar) * z[i]).ToArray();
        foreach (int t in timesteps[7..])
        {
            double[] eps = Ref.GuidedEps(x, 64, t, request.ImageEmbedding, request.NegativeEmbedding, 4);
            for (int i = 0; i < x.Length; i++)
                x[i] = Ref.DdimStep(x[i], eps[i], t, 10);
        }
        for (int i = 0; i < x.Length; i++)
            Assert.True(Math.Abs(actual[i] - x[i]) <= 1e-4 * (1 + Math.Abs(x[i])), $"latent {i}: {actual[i]} vs {x[i]}");
    }

    [Fact]
    public void MoVQEncoderSeesTheBicubicResizedPictureInMinusOneToOne()
    {
        using Image<Rgb24> image = TestImages.Sunset(64);
        float[] latents = _decoder.Encode(image, 64, 64);
        double[] expected = StandInGraphs.EncodeLatents(PlanarRgb(image), 64, 64);
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], latents[i], 5);

        using Image<Rgb24> large = TestImages.Sunset(128);
        float[] fromLarge = _decoder.Encode(large, 64, 64); // resized to 64 x 64 first: close to the small copy's latents
        Assert.True(fromLarge.Zip(latents).Max(p => Math.Abs(p.First - p.Second)) < 0.05);
    }

    [Fact]
    public void DdimInversionThenSamplingReconstructsTheImagesLatents()
    {
        using Image<Rgb24> image = TestImages.Sunset(64);
        float[] start = _decoder.Encode(image, 64, 64);
        KandinskyRequest request = Request(SchedulerKind.Ddim, 1f, steps: 50) with
        {
            Width = 64,
            Height = 64,
            InitImage = image,
            Strength = 1.0,
            Invert = true,
        };
        var reports = new List<KandinskyProgress>();
        double Error(float[] result) => Math.Sqrt(result.Zip(start).Sum(p => (p.First - p.Second) * (double)(p.First - p.Second)) / start.Length);
        double scale = Math.Sqrt(start.Sum(v => (double)v * v) / start.Length);

        double error50 = Error(_decoder.RenderLatents(request, new SyncProgress<KandinskyProgress>(reports.Add)));
        double error25 = Error(_decoder.RenderLatents(request with { Steps = 25 }));
        double error100 = Error(_decoder.RenderLatents(request with { Steps = 100 }));
        double noised = Error(_decoder.RenderLatents(request with { Invert = false }));

        Assert.Equal(100, reports.Count); // 50 up, 50 down
        // Inversion evaluates eps at x_{t-r} where sampling evaluates it at x_t; with eps = 0.1 x + c the mismatch is
        // 0.1 (x_t - x_{t-r}) per step, so the round trip is first order: halving the step size halves the error.
        Assert.True(error50 < 0.05 * scale, $"reconstruction error {error50} vs latent scale {scale}");
        Assert.InRange(error25 / error50, 1.6, 2.4);
        Assert.InRange(error50 / error100, 1.6, 2.4);
        Assert.True(noised > 10 * error50, $"random start {noised} vs inverted {error50}");
    }

    [Fact]
    public void ProgressCountsStepsAndCancellationStopsBetweenThem()
    {
        using var cancel = new CancellationTokenSource();
        var reports = new List<KandinskyProgress>();
        var progress = new SyncProgress<KandinskyProgress>(p =>
        {
            reports.Add(p);
            if (p.Step == 3)
                cancel.Cancel();
        });

        Assert.ThrowsAny<OperationCanceledException>(() => _decoder.Render(Request(SchedulerKind.Ddpm, 4f, steps: 20), progress, cancel.Token));

        Assert.Equal([new(1, 20), new(2, 20), new(3, 20)], reports);
        Assert.ThrowsAny<OperationCanceledException>(() => _decoder.Render(Request(SchedulerKind.Ddpm, 4f), null, cancel.Token));
        Assert.Equal(3, reports.Count);
        using Image<Rgb24> after = _decoder.Render(Request(SchedulerKind.Ddim, 4f, steps: 2)); // the gate was released
        Assert.Equal(64, after.Width);
    }

    [Fact]
    public void ParallelRendersAreSerialisedAndAgree()
    {
        KandinskyRequest request = Request(SchedulerKind.Ddpm, 4f, steps: 5);
        float[] expected = _decoder.RenderLatents(request);
        Parallel.For(0, 4, _ => Assert.Equal(expected, _decoder.RenderLatents(request)));
    }

    private static Rgb24[] Pixels(Image<Rgb24> image)
    {
        var pixels = new Rgb24[image.Width * image.Height];
        image.CopyPixelDataTo(pixels);
        return pixels;
    }

    private static float[] PlanarRgb(Image<Rgb24> image)
    {
        Rgb24[] pixels = Pixels(image);
        int plane = pixels.Length;
        var chw = new float[3 * plane];
        for (int i = 0; i < plane; i++)
        {
            chw[i] = pixels[i].R / 127.5f - 1;
            chw[plane + i] = pixels[i].G / 127.5f - 1;
            chw[2 * plane + i] = pixels[i].B / 127.5f - 1;
        }
        return chw;
    }
}
