namespace SaeExplorer.Data.Providers;

/// <summary>
/// User search text as words, the same on every provider: split at white space, each word keeping only its letters,
/// digits, '-' and '\''. Nothing of it is ever query syntax: each dialect quotes the words into its own query.
/// </summary>
internal static class SearchWords
{
    public static IReadOnlyList<string> Of(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
        .Select(t => new string(t.Where(c => char.IsLetterOrDigit(c) || c is '-' or '\'').ToArray()))
        .Where(t => t.Length > 0)
        .ToList();
}
