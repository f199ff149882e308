using SaeExplorer.Core.Sae.Metrics;

namespace SaeExplorer.Core.Tests.Sae;

public class PurityVerdictTests
{
    private static PurityReport Report(UnitPurity sae, UnitPurity raw) => new(sae, raw, Images: 100, Categories: 4, Top: 8, MinFiring: 5);

    [Fact]
    public void APurerSaeIsPurerOnlyBeyondTwoStandardErrorsAboveEachSidesChance()
    {
        // Lifts 0.20 and 0.05: difference 0.15 against 2 sqrt(0.03^2 + 0.04^2) = 0.10.
        var clear = PurityVerdict.Of(Report(new(0.6, 50, 80, 0.4, 0.03), new(0.35, 20, 20, 0.3, 0.04)));
        Assert.Equal("SAE features are purer than raw dimensions: 0.200 above chance against 0.050, a difference of 0.150 ± 0.100 (two standard errors).", clear);
        // Same lifts, noisier units: 2 sqrt(0.06^2 + 0.08^2) = 0.20 > 0.15.
        Assert.StartsWith("SAE features are at most slightly purer", PurityVerdict.Of(Report(new(0.6, 50, 80, 0.4, 0.06), new(0.35, 20, 20, 0.3, 0.08))));
    }

    [Fact]
    public void AHigherPurityThatIsOnlyShorterListsChanceIsNoPurer()
    {
        // 0.55 against 0.45 in purity, but the SAE's short lists are worth 0.50 by chance: lift 0.05 against 0.15.
        var v = PurityVerdict.Of(Report(new(0.55, 50, 80, 0.50, 0.01), new(0.45, 20, 20, 0.30, 0.01)));
        Assert.StartsWith("SAE features are no purer than raw dimensions: 0.050 above chance against 0.150", v);
    }

    [Fact]
    public void MissingFiguresSayWhatIsMissing()
    {
        Assert.Equal("Too few units fire on enough held-out images to compare.",
            PurityVerdict.Of(Report(new(double.NaN, 0, 80), new(0.4, 20, 20, 0.3, 0.01))));
        // A stored report from before chance was kept: purity alone, and says so.
        Assert.EndsWith("chance was not measured.", PurityVerdict.Of(Report(new(0.5, 3, 8), new(0.4, 2, 4))));
    }
}
