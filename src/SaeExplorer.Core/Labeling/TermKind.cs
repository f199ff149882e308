namespace SaeExplorer.Core.Labeling;

/// <summary>Where a label term comes from; it also fixes which images carry it (<see cref="CorpusConcepts.RowsCarrying"/>).</summary>
public enum TermKind
{
    /// <summary>A manifest category: the images of that category.</summary>
    Category,
    /// <summary>A manifest subcategory (whatever its category): the images of that subcategory.</summary>
    Subcategory,
    /// <summary>A caption word: the images whose caption has a word with the same stem.</summary>
    Word,
    /// <summary>Free text (a person's label, or a CLIP text vocabulary entry), matched by <see cref="CorpusConcepts.RowsMatchingText"/>.</summary>
    Text,
}

public static class TermKinds
{
    /// <summary>The lower-case name the JSON and the tables use.</summary>
    public static string Name(this TermKind kind) => kind switch
    {
        TermKind.Category => "category",
        TermKind.Subcategory => "subcategory",
        TermKind.Word => "word",
        TermKind.Text => "text",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
