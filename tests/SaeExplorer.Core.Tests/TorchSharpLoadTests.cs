using TorchSharp;

namespace SaeExplorer.Core.Tests;

/// <summary>Guards the GLIBCXX weak-version build step: libtorch must load and compute.</summary>
public class TorchSharpLoadTests
{
    [Fact]
    public void AddmmComputesOnLoadedLibTorch()
    {
        using var a = torch.tensor(new float[] { 1, 2, 3, 4 }, 2, 2);
        using var b = torch.tensor(new float[] { 5, 6, 7, 8 }, 2, 2);
        using var bias = torch.ones(2, 2);
        using var c = torch.addmm(bias, a, b, beta: 1, alpha: 1);
        Assert.Equal(new float[] { 20, 23, 44, 51 }, c.data<float>().ToArray());
    }
}
