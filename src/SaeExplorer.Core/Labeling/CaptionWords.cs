using System.Text;

namespace SaeExplorer.Core.Labeling;

/// <summary>
/// How captions, categories and labels are split into words: lower-cased (invariant), split at every character that is
/// not a letter or a digit, words of one letter, words of digits only and English stop words dropped; then stemmed with
/// <see cref="PorterStemmer"/> where two texts are compared.
/// </summary>
public static class CaptionWords
{
    /// <summary>The content words of <paramref name="text"/>, lower-cased, in order (repeats kept).</summary>
    public static IEnumerable<string> Words(string? text)
    {
        if (string.IsNullOrEmpty(text)) yield break;
        var word = new StringBuilder();
        foreach (var c in text.Append(' '))
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
                continue;
            }
            if (word.Length == 0) continue;
            var w = word.ToString();
            word.Clear();
            if (w.Length > 1 && !w.All(char.IsDigit) && !StopWords.Contains(w)) yield return w;
        }
    }

    /// <summary>The distinct stems of the content words of <paramref name="text"/>.</summary>
    public static IEnumerable<string> Stems(string? text) => Words(text).Select(PorterStemmer.Stem).Distinct(StringComparer.Ordinal);
}
