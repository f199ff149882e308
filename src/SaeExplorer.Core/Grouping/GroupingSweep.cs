namespace SaeExplorer.Core.Grouping;

/// <summary>
/// The whole sweep for one image: every k with its groups, and the chosen k = the largest k whose every group has
/// mass &gt;= tau's threshold (k = 1 with a <see cref="Note"/> when none does; 0 when there was nothing to group).
/// </summary>
/// <param name="TotalMass">Sum of the grouped features' activations.</param>
/// <param name="Threshold">Tau as an absolute mass for this image.</param>
/// <param name="Steps">k = 1 .. min(KMax, grouped features), in order (Steps[k - 1] is k).</param>
/// <param name="Undirected">Active features left out because their decoder row is all zeros (no direction).</param>
public sealed record GroupingSweep(double TotalMass, Tau Tau, double Threshold, IReadOnlyList<GroupingStep> Steps,
    int ChosenK, string? Note, int[] Undirected)
{
    /// <summary>The step at <see cref="ChosenK"/>; null when nothing was grouped.</summary>
    public GroupingStep? Chosen => ChosenK > 0 ? Steps[ChosenK - 1] : null;

    /// <summary>The same groups judged against another tau (no re-clustering).</summary>
    public GroupingSweep WithTau(Tau tau) => TauSelection.Apply(TotalMass, Steps, tau, Undirected);
}
