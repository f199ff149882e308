namespace SaeExplorer.Core.Labeling;

/// <summary>
/// How often labels agree with what their features fire on: of the <see cref="Compared"/> labels with both a label
/// category and a dominant category of their feature's top held-out images, <see cref="Matches"/> have the two equal.
/// The baseline is the best constant answer: always naming <see cref="BaselineCategory"/>, the category that dominates
/// the most features' top held-out images, which matches <see cref="BaselineMatches"/> of them. A naming method is worth
/// its labels only as far as it beats that (<see cref="AboveBaseline"/>).
/// </summary>
public sealed record AgreementFigure(int Compared, int Matches, string? BaselineCategory, int BaselineMatches)
{
    public double? Share => Compared == 0 ? null : Matches / (double)Compared;

    public double? BaselineShare => Compared == 0 ? null : BaselineMatches / (double)Compared;

    public double? AboveBaseline => Share - BaselineShare;

    public static AgreementFigure Of(IEnumerable<FeatureLabel> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var compared = labels.Where(l => l.AgreesWithTopImages is not null).ToArray();
        var baseline = compared.GroupBy(l => l.TopHeldOutCategory!, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).FirstOrDefault();
        return new AgreementFigure(compared.Length, compared.Count(l => l.AgreesWithTopImages == true), baseline?.Key, baseline?.Count() ?? 0);
    }
}
