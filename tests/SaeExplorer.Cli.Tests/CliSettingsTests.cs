using Microsoft.Extensions.Configuration;
using SaeExplorer.Core.Sae.Model;
using SaeExplorer.Core.Sae.Training;

namespace SaeExplorer.Cli.Tests;

public class CliSettingsTests
{
    [Fact]
    public void TrainingSectionBindsTheArchitectureByItsSaeLensName()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Training:Architecture"] = "topk", ["Training:K"] = "24", ["Training:AuxKCoefficient"] = "0.0625",
        }).Build();
        var options = CliSettings.Get<TrainerOptions>(config);
        Assert.Equal(SaeArchitecture.TopK, options.Architecture);
        Assert.Equal(24, options.K);
        Assert.Equal(0.0625f, options.AuxKCoefficient);
        Assert.Equal(SaeArchitecture.Standard, CliSettings.Get<TrainerOptions>(new ConfigurationBuilder().Build()).Architecture);
    }
}
