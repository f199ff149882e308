using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SaeExplorer.Core.Rendering.Kandinsky;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SaeExplorer.Core.Tests.Rendering;

public sealed class KandinskyPlanTests
{
    private static readonly KandinskyOptions Options = new() { MaxSteps = 100, DefaultSteps = 50, MaxGuidance = 10, DefaultGuidance = 4 };

    private static KandinskyRequest Request() => new()
    {
        ImageEmbedding = new float[1280],
        NegativeEmbedding = new float[1280],
    };

    private static KandinskyPlan PlanFor(KandinskyRequest request, bool hasEncoder = true) => KandinskyPlan.For(request, Options, hasEncoder);

    [Theory]
    [InlineData(512, 64)]
    [InlineData(768, 96)]
    [InlineData(500, 64)]
    [InlineData(513, 72)]
    [InlineData(64, 8)]
    public void LatentSideIsCeilOfSideOver64TimesEight(int pixels, int latent) =>
        Assert.Equal(latent, KandinskyPlan.LatentSide(pixels));

    [Fact]
    public void DefaultsComeFromTheOptions()
    {
        KandinskyPlan plan = PlanFor(Request());
        Assert.Equal((512, 512, 64, 64), (plan.Width, plan.Height, plan.LatentWidth, plan.LatentHeight));
        Assert.Equal((50, 4f, SchedulerKind.Ddpm, 0), (plan.Steps, plan.Guidance, plan.Scheduler, plan.StartIndex));
        Assert.Equal(50, plan.UnetEvaluations);
        Assert.False(plan.FromImage);
    }

    [Fact]
    public void StepsAndGuidanceAboveTheCapsAreCapped()
    {
        KandinskyPlan plan = PlanFor(Request() with { Steps = 500, Guidance = 30f, Width = 768, Height = 512 });
        Assert.Equal(100, plan.Steps);
        Assert.Equal(10f, plan.Guidance);
        Assert.Equal((96, 64), (plan.LatentWidth, plan.LatentHeight));
    }

    [Theory]
    [InlineData(0, 4f, "Steps must be at least 1, was 0.")]
    [InlineData(10, -1f, "Guidance must be a finite number >= 0, was -1.")]
    [InlineData(10, float.NaN, "Guidance must be a finite number >= 0, was NaN.")]
    public void NonsenseStepsAndGuidanceAreRefused(int steps, float guidance, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => PlanFor(Request() with { Steps = steps, Guidance = guidance }));
        Assert.StartsWith(message, e.Message);
    }

    [Theory]
    [InlineData(500, "Width 500 is not a positive multiple of 64")]
    [InlineData(0, "Width 0 is not a positive multiple of 64")]
    [InlineData(1024, "Width 1024 exceeds Kandinsky:MaxSide (768).")]
    public void SidesOutsideTheMoVQGridOrTheCapAreRefused(int width, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => PlanFor(Request() with { Width = width }));
        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public void EmbeddingsOfTheWrongLengthOrWithNaNAreRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => PlanFor(Request() with { ImageEmbedding = new float[512] }));
        Assert.StartsWith("ImageEmbedding has 512 values; Kandinsky 2.2 needs 1280 (CLIP ViT-bigG/14).", e.Message);
        float[] broken = new float[1280];
        broken[7] = float.NaN;
        e = Assert.Throws<ArgumentException>(() => PlanFor(Request() with { NegativeEmbedding = broken }));
        Assert.StartsWith("NegativeEmbedding has a non-finite value (NaN) at index 7.", e.Message);
    }

    [Fact]
    public void ImageToImageStartsAtTimestepIndexNMinusIntNTimesStrength()
    {
        using var image = new Image<Rgb24>(64, 64);
        KandinskyPlan plan = PlanFor(Request() with { InitImage = image, Steps = 25 }); // strength 0.3: int(7.5) = 7
        Assert.Equal(18, plan.StartIndex);
        Assert.Equal(7, plan.DenoisingSteps);
        Assert.True(plan.FromImage);

        KandinskyPlan inverted = PlanFor(Request() with { InitImage = image, Steps = 25, Invert = true, Scheduler = SchedulerKind.Ddim });
        Assert.Equal(14, inverted.UnetEvaluations); // 7 inversion steps up, 7 back down
    }

    [Property(MaxTest = 200)]
    public Property StartIndexFollowsDiffusersGetTimesteps() => Prop.ForAll(
        Gen.Choose(1, 100).Zip(Gen.Choose(1, 1000)).ToArbitrary(),
        sample =>
        {
            (int steps, int permille) = sample;
            double strength = permille / 1000.0;
            using var image = new Image<Rgb24>(64, 64);
            KandinskyRequest request = Request() with { InitImage = image, Steps = steps, Strength = strength };
            int init = (int)(steps * strength);
            if (init == 0)
            {
                var e = Assert.Throws<ArgumentException>(() => PlanFor(request));
                Assert.Contains("leaves no denoising step", e.Message);
                return;
            }
            Assert.Equal(steps - Math.Min(init, steps), PlanFor(request).StartIndex);
        });

    [Fact]
    public void ImageRequestsThatCannotRunAreRefused()
    {
        using var image = new Image<Rgb24>(64, 64);
        var noEncoder = Assert.Throws<InvalidOperationException>(() => PlanFor(Request() with { InitImage = image }, hasEncoder: false));
        Assert.Contains("set Kandinsky:MovqEncoderPath", noEncoder.Message);
        var strength = Assert.Throws<ArgumentException>(() => PlanFor(Request() with { InitImage = image, Strength = 1.5 }));
        Assert.StartsWith("Strength must be in (0, 1], was 1.5.", strength.Message);
        var nothing = Assert.Throws<ArgumentException>(() => PlanFor(Request() with { Invert = true, Scheduler = SchedulerKind.Ddim }));
        Assert.StartsWith("Invert needs an InitImage", nothing.Message);
        var ddpm = Assert.Throws<ArgumentException>(() => PlanFor(Request() with { InitImage = image, Invert = true }));
        Assert.StartsWith("Invert needs the ddim scheduler", ddpm.Message);
    }

    [Fact]
    public void OptionsThatContradictThemselvesNameTheKey()
    {
        var e = Assert.Throws<ArgumentException>(() => new KandinskyOptions { DefaultSteps = 200, MaxSteps = 100 }.Validate());
        Assert.StartsWith("Kandinsky:DefaultSteps must be in 1..Kandinsky:MaxSteps (100), was 200.", e.Message);
        e = Assert.Throws<ArgumentException>(() => new KandinskyOptions { MaxSteps = 2000 }.Validate());
        Assert.StartsWith("Kandinsky:MaxSteps must be in 1..1000", e.Message);
        e = Assert.Throws<ArgumentException>(() => new KandinskyOptions { MaxSide = 700 }.Validate());
        Assert.StartsWith("Kandinsky:MaxSide must be a positive multiple of 64", e.Message);
        e = Assert.Throws<ArgumentException>(() => new KandinskyOptions { DefaultGuidance = 30 }.Validate());
        Assert.StartsWith("Kandinsky:DefaultGuidance must be in 0..Kandinsky:MaxGuidance (20), was 30.", e.Message);
    }
}
