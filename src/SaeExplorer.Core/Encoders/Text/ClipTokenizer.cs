using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SaeExplorer.Core.Encoders.Text;

/// <summary>
/// CLIP's byte-level BPE tokenizer (OpenAI's simple_tokenizer.py, as open_clip and Hugging Face's CLIPTokenizer run it)
/// over a vocab.json and merges.txt: the text HTML-unescaped, white space collapsed and lower-cased; split by CLIP's
/// pattern (the two special tokens, English contractions, runs of letters, single digits, runs of other symbols); each
/// piece's UTF-8 bytes mapped to GPT-2's printable byte characters, "&lt;/w&gt;" added to its last character, and pairs
/// merged by rank; then &lt;|startoftext|&gt; ... &lt;|endoftext|&gt;, cut to the context length (77) with the end
/// token kept. Not Microsoft.ML.Tokenizers' BpeTokenizer: it reads the same files and agrees on ASCII, but it has no
/// byte-level step, so "café" becomes the token of the byte 0xE9 instead of CLIP's "Ã" "©&lt;/w&gt;" (checked on the
/// test vocabulary), and it would still need the special tokens and the context length around it. ftfy's repair of
/// broken Unicode is not done: text typed into a search box has none to repair.
/// </summary>
public sealed partial class ClipTokenizer
{
    public const string StartOfText = "<|startoftext|>";
    public const string EndOfText = "<|endoftext|>";
    public const string EndOfWord = "</w>";
    public const int DefaultContextLength = 77;

    private static readonly string[] ByteCharacters = BytesToUnicode();

    private readonly Dictionary<string, int> _vocabulary;
    private readonly Dictionary<(string, string), int> _ranks;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int[]> _cache = new(StringComparer.Ordinal);

    public ClipTokenizer(IReadOnlyDictionary<string, int> vocabulary, IEnumerable<(string Left, string Right)> merges, string source = "the vocabulary")
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(merges);
        _vocabulary = new Dictionary<string, int>(vocabulary, StringComparer.Ordinal);
        _ranks = [];
        foreach (var (left, right) in merges) _ranks.TryAdd((left, right), _ranks.Count);
        StartId = _vocabulary.TryGetValue(StartOfText, out var start) ? start : throw new InvalidDataException($"{source} has no {StartOfText} token: it is not CLIP's vocabulary");
        EndId = _vocabulary.TryGetValue(EndOfText, out var end) ? end : throw new InvalidDataException($"{source} has no {EndOfText} token: it is not CLIP's vocabulary");
        var missing = ByteCharacters.FirstOrDefault(c => !_vocabulary.ContainsKey(c) || !_vocabulary.ContainsKey(c + EndOfWord));
        if (missing is not null) throw new InvalidDataException($"{source} lacks the byte token '{missing}' (or '{missing}{EndOfWord}'): it is not a byte-level BPE vocabulary such as CLIP's");
    }

    public int StartId { get; }

    public int EndId { get; }

    /// <summary>Reads CLIP's vocab.json (token to id) and merges.txt (one "left right" pair per line, best first; a
    /// "#version" line is skipped), as Hugging Face ships them beside a CLIP model.</summary>
    /// <exception cref="FileNotFoundException">A file is missing (the message names it).</exception>
    /// <exception cref="InvalidDataException">A file is not CLIP's (the message names it and why).</exception>
    public static ClipTokenizer Load(string vocabPath, string mergesPath)
    {
        if (!File.Exists(vocabPath)) throw new FileNotFoundException($"CLIP tokenizer vocabulary not found: '{vocabPath}'", vocabPath);
        if (!File.Exists(mergesPath)) throw new FileNotFoundException($"CLIP tokenizer merges not found: '{mergesPath}'", mergesPath);
        Dictionary<string, int>? vocabulary;
        try
        {
            vocabulary = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(vocabPath, Encoding.UTF8));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{vocabPath}' is not a vocab.json of token ids ({e.Message})", e);
        }
        var merges = new List<(string, string)>();
        var lines = File.ReadAllLines(mergesPath, Encoding.UTF8);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("#version", StringComparison.Ordinal) || lines[i].Length == 0) continue;
            var parts = lines[i].Split(' ');
            if (parts.Length != 2) throw new InvalidDataException($"'{mergesPath}', line {i + 1}: a merge is two tokens separated by one space, got '{lines[i]}'");
            merges.Add((parts[0], parts[1]));
        }
        return new ClipTokenizer(vocabulary ?? [], merges, $"'{vocabPath}'");
    }

    /// <summary>The text's token ids between the start and end tokens, at most <paramref name="contextLength"/> in all.</summary>
    public int[] Encode(string text, int contextLength = DefaultContextLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(contextLength, 2);
        var ids = new List<int> { StartId };
        foreach (Match piece in Pieces().Matches(Clean(text)))
        {
            ids.AddRange(Piece(piece.Value));
            if (ids.Count >= contextLength - 1) break;
        }
        if (ids.Count > contextLength - 1) ids.RemoveRange(contextLength - 1, ids.Count - (contextLength - 1));
        ids.Add(EndId);
        return [.. ids];
    }

    /// <summary>HTML entities decoded (twice, as CLIP does), white space runs as one space, trimmed, lower case.</summary>
    internal static string Clean(string text) =>
        Whitespace().Replace(WebUtility.HtmlDecode(WebUtility.HtmlDecode(text)), " ").Trim().ToLowerInvariant();

    private int[] Piece(string piece) => _cache.GetOrAdd(piece, p =>
    {
        if (p is StartOfText) return [StartId];
        if (p is EndOfText) return [EndId];
        var word = Encoding.UTF8.GetBytes(p).Select(b => ByteCharacters[b]).ToList();
        word[^1] += EndOfWord;
        while (word.Count > 1)
        {
            var best = -1;
            var bestRank = int.MaxValue;
            for (var i = 0; i < word.Count - 1; i++)
                if (_ranks.TryGetValue((word[i], word[i + 1]), out var rank) && rank < bestRank) (best, bestRank) = (i, rank);
            if (best < 0) break;
            var (left, right) = (word[best], word[best + 1]);
            var merged = new List<string>(word.Count);
            for (var i = 0; i < word.Count; i++)
            {
                if (i < word.Count - 1 && word[i] == left && word[i + 1] == right)
                {
                    merged.Add(left + right);
                    i++;
                }
                else merged.Add(word[i]);
            }
            word = merged;
        }
        return [.. word.Select(t => _vocabulary.TryGetValue(t, out var id) ? id : throw new InvalidDataException($"the merges make the token '{t}', which the vocabulary lacks"))];
    });

    /// <summary>GPT-2's reversible map from each byte to a printable character (bytes that print stand for themselves).</summary>
    private static string[] BytesToUnicode()
    {
        var map = new string[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var prints = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            map[b] = ((char)(prints ? b : next++)).ToString();
        }
        return map;
    }

    [GeneratedRegex(@"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+", RegexOptions.IgnoreCase)]
    private static partial Regex Pieces();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
