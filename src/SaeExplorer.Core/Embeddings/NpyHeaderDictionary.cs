using System.Globalization;

namespace SaeExplorer.Core.Embeddings;

/// <summary>
/// Parses the Python dict literal in a .npy header: string keys, and values that are strings,
/// True/False or tuples of ints. That is all numpy writes for plain arrays; anything else
/// (a structured dtype's list, say) is reported as malformed rather than guessed at.
/// </summary>
internal ref struct NpyHeaderDictionary
{
    private readonly ReadOnlySpan<char> _text;
    private int _position;

    private NpyHeaderDictionary(ReadOnlySpan<char> text)
    {
        _text = text;
        _position = 0;
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
        if (_position != _text.Length)
            throw Malformed($"unexpected text after the closing brace at character {_position}");
        return result;
    }

    private object ParseValue()
    {
        SkipSpace();
        if (_position >= _text.Length)
            throw Malformed("value missing at the end of the header");
        char c = _text[_position];
        if (c is '\'' or '"')
            return ParseString();
        if (c == '(')
            return ParseTuple();
        if (TryWord("True"))
            return true;
        if (TryWord("False"))
            return false;
        throw Malformed($"unsupported value starting with '{c}' at character {_position}");
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
        int start = _position;
        while (_position < _text.Length && char.IsAsciiDigit(_text[_position]))
            _position++;
        if (_position == start)
            throw Malformed($"expected a non-negative integer at character {start}");
        if (!long.TryParse(_text[start.._position], NumberStyles.None, CultureInfo.InvariantCulture, out long value))
            throw Malformed($"integer '{_text[start.._position]}' is too large");
        TryTake('L'); // Python 2 wrote long integers as 10L
        return value;
    }

    private string ParseString()
    {
        SkipSpace();
        if (_position >= _text.Length || _text[_position] is not ('\'' or '"'))
            throw Malformed($"expected a quoted string at character {_position}");
        char quote = _text[_position++];
        int end = _text[_position..].IndexOf(quote);
        if (end < 0)
            throw Malformed("unterminated string");
        string value = _text.Slice(_position, end).ToString();
        _position += end + 1;
        return value;
    }

    private bool TryWord(string word)
    {
        if (!_text[_position..].StartsWith(word, StringComparison.Ordinal))
            return false;
        _position += word.Length;
        return true;
    }

    private void Expect(char c)
    {
        SkipSpace();
        if (!TryTake(c))
        {
            string found = _position < _text.Length ? $"'{_text[_position]}'" : "the end of the header";
            throw Malformed($"expected '{c}' at character {_position}, found {found}");
        }
    }

    private bool TryTake(char c)
    {
        if (_position >= _text.Length || _text[_position] != c)
            return false;
        _position++;
        return true;
    }

    private void SkipSpace()
    {
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
            _position++;
    }

    private static NpyFormatException Malformed(string detail) => new($"malformed .npy header dictionary: {detail}");
}
