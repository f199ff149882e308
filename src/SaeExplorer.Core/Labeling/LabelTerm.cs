namespace SaeExplorer.Core.Labeling;

/// <summary>A label: its text and the kind of concept it names. Two terms are the same when both agree (ordinal).</summary>
public sealed record LabelTerm(string Text, TermKind Kind)
{
    public string Text { get; } = string.IsNullOrWhiteSpace(Text)
        ? throw new ArgumentException("a label term needs some text", nameof(Text))
        : Text.Trim();

    /// <summary>A label a person typed (or any free text): scored by the free-text rule.</summary>
    public static LabelTerm FreeText(string text) => new(text, TermKind.Text);

    public override string ToString() => $"{Text} ({Kind.Name()})";
}
