namespace SaeExplorer.Core.Labeling;

/// <summary>What a label's held-out score says about it (<see cref="LabelEvidence"/>).</summary>
public enum EvidenceKind
{
    /// <summary>The held-out AUROC clears chance by the margin: the label may be shown as the feature's name.</summary>
    SaysSomething,

    /// <summary>No score: no held-out image carries the label, or every one does.</summary>
    NoScore,

    /// <summary>The feature fires on no held-out image: its AUROC is 0.5 whatever the label.</summary>
    CannotTell,

    /// <summary>A defined score that does not clear chance by the margin.</summary>
    WithinChance,
}

/// <summary>The kinds' names in JSON and logs.</summary>
public static class EvidenceKinds
{
    public static string Name(this EvidenceKind kind) => kind switch
    {
        EvidenceKind.SaysSomething => "says-something",
        EvidenceKind.NoScore => "no-score",
        EvidenceKind.CannotTell => "cannot-tell",
        EvidenceKind.WithinChance => "within-chance",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
