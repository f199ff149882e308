namespace SaeExplorer.Core.Sae.Metrics;

/// <summary>
/// The one sentence a researcher reads off a <see cref="PurityReport"/>: are SAE features purer than raw dimensions once
/// each side's chance is taken out, and is the difference larger than its noise (two standard errors over the units)?
/// </summary>
public static class PurityVerdict
{
    public static string Of(PurityReport p)
    {
        var (s, r) = (p.Sae, p.RawDimensions);
        if (double.IsNaN(s.Purity) || double.IsNaN(r.Purity)) return "Too few units fire on enough held-out images to compare.";
        if (double.IsNaN(s.Chance) || double.IsNaN(r.Chance)) // a report from before chance was kept
            return s.Purity > r.Purity
                ? $"SAE features are purer than raw dimensions by {s.Purity - r.Purity:F3} ({s.Purity:F3} against {r.Purity:F3}); chance was not measured."
                : $"SAE features are no purer than raw dimensions ({s.Purity:F3} against {r.Purity:F3}): read their labels with care.";
        var difference = s.Lift - r.Lift;
        var noise = 2 * Math.Sqrt(Square(s.StandardError) + Square(r.StandardError));
        var figures = $"{s.Lift:F3} above chance against {r.Lift:F3}, a difference of {difference:F3} ± {noise:F3} (two standard errors)";
        if (difference > noise) return $"SAE features are purer than raw dimensions: {figures}.";
        if (difference > 0) return $"SAE features are at most slightly purer than raw dimensions: {figures}, within the noise. Read their labels with care.";
        return $"SAE features are no purer than raw dimensions: {figures}. Read their labels with care.";
    }

    private static double Square(double e) => double.IsNaN(e) ? 0 : e * e;
}
