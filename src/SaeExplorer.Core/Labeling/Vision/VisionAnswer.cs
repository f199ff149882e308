using System.Text.RegularExpressions;

namespace SaeExplorer.Core.Labeling.Vision;

/// <summary>
/// What a model's reply becomes: a clean label, or the reason it was refused. Cleaned: a reasoning model's
/// &lt;think&gt; block, the first non-empty line only, a "Label:" prefix, list markers, Markdown emphasis, surrounding
/// quotes and final punctuation. Refused: no text, HTML or code, links, no letter, or more than the allowed words or
/// <see cref="MaxCharacters"/> characters (a sentence, not a name).
/// </summary>
public sealed partial record VisionAnswer(string? Label, string? Refused, string Reply)
{
    public const int MaxCharacters = 60;

    public bool IsLabel => Label is not null;

    public static VisionAnswer Read(string? reply, int maxWords)
    {
        var raw = reply ?? "";
        var text = ThinkBlock().Replace(raw, " ");
        var line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
        if (line is null) return Refuse(raw, "the model answered with no text");
        if (line.Contains("```", StringComparison.Ordinal) || line.IndexOfAny(['{', '}', '<', '>']) >= 0)
            return Refuse(raw, $"the answer is markup, not a name: '{Shorten(line)}'");
        if (line.Contains("://", StringComparison.Ordinal)) return Refuse(raw, $"the answer holds a link: '{Shorten(line)}'");
        line = ListMarker().Replace(line, "");
        line = LabelPrefix().Replace(line, "");
        line = line.Replace("**", "", StringComparison.Ordinal).Replace("__", "", StringComparison.Ordinal).Replace("`", "", StringComparison.Ordinal);
        line = line.Trim().Trim('"', '\'', '*', '_', '“', '”', '‘', '’', ' ').TrimEnd('.', '!', ',', ';', ':').Trim();
        line = Whitespace().Replace(line, " ");
        if (!line.Any(char.IsLetter)) return Refuse(raw, $"the answer has no word: '{Shorten(raw.Trim())}'");
        var words = line.Split(' ').Length;
        if (words > maxWords) return Refuse(raw, $"the answer is too long for a name ({words} words, at most {maxWords}): '{Shorten(line)}'");
        if (line.Length > MaxCharacters) return Refuse(raw, $"the answer is too long for a name ({line.Length} characters, at most {MaxCharacters}): '{Shorten(line)}'");
        return new VisionAnswer(line, null, raw);
    }

    private static VisionAnswer Refuse(string reply, string why) => new(null, why, reply);

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";

    [GeneratedRegex(@"<think>.*?(</think>|$)", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ThinkBlock();

    [GeneratedRegex(@"^(#+|[-*•]|\d+[.)])\s+")]
    private static partial Regex ListMarker();

    [GeneratedRegex(@"^\**\s*(label|name|answer)\s*\**\s*:\s*", RegexOptions.IgnoreCase)]
    private static partial Regex LabelPrefix();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
