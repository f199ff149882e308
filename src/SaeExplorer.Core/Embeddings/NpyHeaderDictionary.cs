using System.Globalization;

namespace SaeExplorer.Core.Embeddings;

/// <summary>
/// Parses the Python dict literal in a .npy header: string keys, and values that are strings,
/// True/False or tuples of ints. That is all numpy writes for plain arrays; anything else
/// (a structured dtype's list, say) is reported as malformed rather than guessed at.
/// </summary>
internal ref struct NpyHeaderDictionary
{
    private readonly ReadOnlySpan<char> text;
    private int position;

    private NpyHeaderDictionary(ReadOnlySpan<char> text)
    {
        this.text = text;
        position = 0;
    }

    /// <summary>Values are <see cref="string"/>, <see cref="bool"/> or <see cref="long"/>[].</summary>
    public static Dictionary<string, object> Parse(string text)
    {
        var parser = new NpyHeaderDictionary(text);
        return parser.ParseDictionary();
    }

    private Dictionary<string, object> ParseDictionary()
    {
        var result = new Dictionary<string, object>(StringComparer.Ordinal);
        Expect('{');
        while (true)
        {
            SkipSpace();
            if (TryTake('}'))
                break;
            string key = ParseString();
            Expect(':');
            if (!result.TryAdd(key, ParseValue()))
                throw Malformed($"key '{key}' appears twice");
            SkipSpace();
            if (TryTake('}'))
                break;
            Expect(',');
        }
        SkipSpace();
        if (position != text.Length)
            throw Malformed($"unexpected text after the closing brace at character {position}");
        return result;
    }

    private object ParseValue()
    {
        SkipSpace();
        if (position >= text.Length)
            throw Malformed("value missing at the end of the header");
        char c = text[position];
        if (c is '\'' or '"')
            return ParseString();
        if (c == '(')
            return ParseTuple();
        if (TryWord("True"))
            return true;
        if (TryWord("False"))
            return false;
        throw Malformed($"unsupported value starting with '{c}' at character {position}");
    }

    private long[] ParseTuple()
    {
        Expect('(');
        var items = new List<long>();
        while (true)
        {
            SkipSpace();
            if (TryTake(')'))
                return [.. items];
            items.Add(ParseInteger());
            SkipSpace();
            if (TryTake(')'))
                return [.. items];
            Expect(',');
        }
    }

    private long ParseInteger()
    {
        int start = position;
        while (position < text.Length && char.IsAsciiDigit(text[position]))
            position++;
        if (position == start)
            throw Malformed($"expected a non-negative integer at character {start}");
        if (!long.TryParse(text[start..position], NumberStyles.None, CultureInfo.InvariantCulture, out long value))
            throw Malformed($"integer '{text[start..position]}' is too large");
        TryTake('L'); // Python 2 wrote long integers as 10L
        return value;
    }

    private string ParseString()
    {
        SkipSpace();
        if (position >= text.Length || text[position] is not ('\'' or '"'))
            throw Malformed($"expected a quoted string at character {position}");
        char quote = text[position++];
        int end = text[position..].IndexOf(quote);
        if (end < 0)
            throw Malformed("unterminated string");
        string value = text.Slice(position, end).ToString();
        position += end + 1;
        return value;
    }

    private bool TryWord(string word)
    {
        if (!text[position..].StartsWith(word, StringComparison.Ordinal))
            return false;
        position += word.Length;
        return true;
    }

    private void Expect(char c)
    {
        SkipSpace();
        if (!TryTake(c))
        {
            string found = position < text.Length ? $"'{text[position]}'" : "the end of the header";
            throw Malformed($"expected '{c}' at character {position}, found {found}");
        }
    }

    private bool TryTake(char c)
    {
        if (position >= text.Length || text[position] != c)
            return false;
        position++;
        return true;
    }

    private void SkipSpace()
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
            position++;
    }

    private static NpyFormatException Malformed(string detail) => new($"malformed .npy header dictionary: {detail}");
}
