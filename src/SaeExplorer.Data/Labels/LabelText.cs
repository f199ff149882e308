namespace SaeExplorer.Data.Labels;

/// <summary>The rules for label and comment text: trimmed, 1 to the maximum characters, no control characters in labels.</summary>
public static class LabelText
{
    public const int MaxLabel = 200;
    public const int MaxComment = 2000;

    public static string Label(string? text)
    {
        var clean = Checked(text, MaxLabel, "label");
        // One line: labels show in table cells and chips (and control characters would break search highlighting).
        if (clean.Any(char.IsControl)) throw new LabelInputException("A label is one line of text: it cannot hold line breaks, tabs or other control characters.");
        return clean;
    }

    public static string Comment(string? text)
    {
        var clean = Checked(text, MaxComment, "comment");
        if (clean.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
            throw new LabelInputException("A comment cannot hold control characters other than line breaks and tabs.");
        return clean;
    }

    private static string Checked(string? text, int max, string what)
    {
        var clean = (text ?? "").Trim();
        if (clean.Length == 0) throw new LabelInputException($"A {what} cannot be empty: write 1 to {max} characters.");
        if (clean.Length > max) throw new LabelInputException($"A {what} is at most {max} characters; this one has {clean.Length}.");
        return clean;
    }
}
