using SaeExplorer.Core.Grouping;

namespace SaeExplorer.Core.Tests.Grouping;

public class TauTests
{
    [Theory]
    [InlineData("5", TauKind.Absolute, 5.0)]
    [InlineData(" 2.5 ", TauKind.Absolute, 2.5)]
    [InlineData("0", TauKind.Absolute, 0.0)]
    [InlineData("10%", TauKind.Share, 0.1)]
    [InlineData("12.5 %", TauKind.Share, 0.125)]
    [InlineData("100%", TauKind.Share, 1.0)]
    public void ParsesAMassOrAShare(string text, TauKind kind, double value)
    {
        var tau = Tau.Parse(text);

        Assert.Equal((kind, value), (tau.Kind, tau.Value));
        Assert.Equal(tau, Tau.Parse(tau.ToString()));
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-1")]
    [InlineData("five")]
    [InlineData("%")]
    [InlineData("101%")]
    [InlineData("")]
    public void RejectsWhatIsNotAFiniteNonNegativeMassOrShare(string text)
    {
        var error = Assert.Throws<FormatException>(() => Tau.Parse(text));
        Assert.Contains($"'{text}'", error.Message);
    }

    [Fact]
    public void ThresholdsPresetsAndTheDefault()
    {
        Assert.Equal(5, Tau.Absolute(5).Threshold(1000));
        Assert.Equal(25, Tau.Share(0.25).Threshold(100));
        Assert.Equal(Tau.Share(0.1), Tau.Default);
        Assert.Equal(["1", "2", "5", "10", "20"], Tau.AbsolutePresets.Select(t => t.ToString()));
        Assert.Equal(["5%", "10%", "15%", "20%", "25%"], Tau.SharePresets.Select(t => t.ToString()));
        Assert.Throws<ArgumentException>(() => Tau.Share(1.5));
        Assert.Throws<ArgumentException>(() => Tau.Absolute(double.NaN));
    }
}
