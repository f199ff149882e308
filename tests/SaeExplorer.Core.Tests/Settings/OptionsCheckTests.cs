using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Imaging;
using SaeExplorer.Core.Indexing;
using SaeExplorer.Core.Sae.Training;
using SaeExplorer.Core.Settings;

namespace SaeExplorer.Core.Tests.Settings;

public sealed class OptionsCheckTests
{
    [Fact]
    public void DefaultsPass()
    {
        Assert.Empty(OptionsCheck.Problems(new EncoderOptions()));
        Assert.Empty(OptionsCheck.Problems(new ImageLimits()));
        Assert.Empty(OptionsCheck.Problems(new FeatureIndexOptions()));
        Assert.Empty(OptionsCheck.Problems(new TrainerOptions()));
        Assert.Empty(OptionsCheck.Problems(new SaexOptions()));
    }

    [Fact]
    public void ARangeProblemNamesTheConfigurationKey() =>
        Assert.Equal(["Indexing:TopK: The field TopK must be between 1 and 100000."], OptionsCheck.Problems(new FeatureIndexOptions { TopK = 0 }));

    [Fact]
    public void EveryProblemIsReported()
    {
        var problems = OptionsCheck.Problems(new EncoderOptions { Device = "tpu", Preset = "vit-huge", MaxBatchSize = 0 });
        Assert.Contains("Encoder:Device: must be auto, cuda or cpu", problems);
        Assert.Contains(problems, p => p.StartsWith("Encoder:MaxBatchSize:"));
        // Cross-field rules run once the attributes pass; the unknown preset is then named with the known ones.
        Assert.Contains("Encoder:Preset: unknown preset 'vit-huge'; known presets: resnet18, clip-vit-bigg-14",
            OptionsCheck.Problems(new EncoderOptions { Preset = "vit-huge" }));
    }

    [Fact]
    public void TheTrainersOwnRulesAreReportedUnderItsSection()
    {
        // Each value is in its range; together they leave nothing to train on, which only Validate() knows.
        var e = Assert.Throws<ArgumentException>(() => OptionsCheck.Checked(new TrainerOptions { Steps = 0, Epochs = 0 }));
        Assert.Contains("Training:Steps or Training:Epochs must be positive (got Steps=0, Epochs=0)", e.Message);
    }

    [Fact]
    public void ADemoWorkspaceNameMustBeUrlSafe() =>
        Assert.Contains(OptionsCheck.Problems(new SaexOptions { DemoWorkspace = "My Demo/1" }), p => p.StartsWith("Saex:DemoWorkspace:"));
}
