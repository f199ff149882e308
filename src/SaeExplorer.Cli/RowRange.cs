namespace SaeExplorer.Cli;

/// <summary>A Python-style row slice "a:b" (b exclusive; either end optional; a single "a" means a:a+1).</summary>
public readonly record struct RowRange(long Start, long End)
{
    public long Count => End - Start;

    public static RowRange Parse(string? text, long rows)
    {
        if (string.IsNullOrWhiteSpace(text)) return new RowRange(0, rows);
        var parts = text.Split(':');
        if (parts.Length > 2) throw new FormatException($"--rows '{text}': expected a:b");
        long Bound(string s, long fallback) =>
            s.Length == 0 ? fallback
            : long.TryParse(s, out var v) && v >= 0 ? v
            : throw new FormatException($"--rows '{text}': '{s}' is not a row number");
        var start = Bound(parts[0].Trim(), 0);
        var end = parts.Length == 1 ? start + 1 : Bound(parts[1].Trim(), rows);
        if (start >= end || end > rows)
            throw new FormatException($"--rows '{text}' is empty or outside the file's {rows} rows");
        return new RowRange(start, end);
    }
}
