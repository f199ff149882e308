using System.ComponentModel.DataAnnotations;
using SaeExplorer.Core.Sae.Training;

namespace SaeExplorer.Core.Tests.Sae;

public class TrainerOptionsTests
{
    public static TheoryData<TrainerOptions, string> Bad => new()
    {
        { new TrainerOptions { Expansion = 0 }, "Training:Expansion must be positive, got 0" },
        { new TrainerOptions { BatchSize = -1 }, "Training:BatchSize must be positive" },
        { new TrainerOptions { Steps = 0, Epochs = 0 }, "Training:Steps or Training:Epochs must be positive" },
        { new TrainerOptions { HeldOutFraction = 1 }, "Training:HeldOutFraction must be in [0, 1), got 1" },
        { new TrainerOptions { LearningRate = 0 }, "Training:LearningRate must be positive" },
        { new TrainerOptions { L1Coefficient = -1 }, "Training:L1Coefficient must be >= 0" },
        { new TrainerOptions { AuxKCoefficient = float.NaN }, "Training:AuxKCoefficient must be >= 0" },
        { new TrainerOptions { DeadWindow = 0 }, "Training:DeadWindow must be positive" },
        { new TrainerOptions { ProgressEvery = 0 }, "Training:ProgressEvery must be positive" },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public void EachBadSettingIsRejectedNamingItsKey(TrainerOptions options, string message)
    {
        var e = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void DefaultsPassBothValidationsAndTheRangeAttributes()
    {
        var options = new TrainerOptions();
        options.ValidateFor(512);
        Assert.True(Validator.TryValidateObject(options, new ValidationContext(options), null, validateAllProperties: true));
        var bad = options with { Expansion = 0 };
        var results = new List<ValidationResult>();
        Assert.False(Validator.TryValidateObject(bad, new ValidationContext(bad), results, validateAllProperties: true));
        Assert.Contains(nameof(TrainerOptions.Expansion), results.Single().MemberNames);
    }
}
