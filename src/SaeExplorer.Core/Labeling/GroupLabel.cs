namespace SaeExplorer.Core.Labeling;

/// <summary>
/// A group of features' label, built from its members' names (labels that say something, see
/// <see cref="LabelEvidence"/>) weighted by activation: each name weighs the activation of the members it names
/// (the same name on two members, compared case-insensitively, adds up), and a name enters the label only when it
/// weighs at least <see cref="MinimumShare"/> of the whole group's activation, named members or not, so a weak named
/// member does not name a group its unnamed members dominate. The heaviest names come first, at most
/// <see cref="MostNames"/> of them; a group no name weighs enough in is unlabelled (null).
/// </summary>
public static class GroupLabel
{
    public const double MinimumShare = 0.2;
    public const int MostNames = 3;

    /// <summary>One member: its name (null when it has none that says something) and its activation in the group.</summary>
    public readonly record struct Member(string? Name, double Activation);

    /// <summary>The group's label, names joined by ", "; null when unlabelled.</summary>
    public static string? Of(IEnumerable<Member> members, double minimumShare = MinimumShare, int mostNames = MostNames)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentOutOfRangeException.ThrowIfLessThan(mostNames, 1);
        var all = members.Where(m => m.Activation > 0).ToList();
        var total = all.Sum(m => m.Activation);
        if (total <= 0) return null;
        var names = all.Where(m => !string.IsNullOrWhiteSpace(m.Name))
            .GroupBy(m => m.Name!.Trim(), StringComparer.OrdinalIgnoreCase)
            .Select(g => (Name: g.OrderByDescending(m => m.Activation).First().Name!.Trim(), Weight: g.Sum(m => m.Activation)))
            .Where(n => n.Weight >= minimumShare * total)
            .OrderByDescending(n => n.Weight).ThenBy(n => n.Name, StringComparer.Ordinal)
            .Take(mostNames)
            .Select(n => n.Name)
            .ToList();
        return names.Count == 0 ? null : string.Join(", ", names);
    }
}
