using System.Security.Cryptography;

namespace SaeExplorer.Data.Lists;

/// <summary>A list's slug: 10 random characters from a lower-case alphabet without look-alikes (0/o, 1/l), URL-safe as is.</summary>
public static class ListSlug
{
    public const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
    public const int Length = 10;

    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>Whether text could be a slug (anything else is not looked up).</summary>
    public static bool LooksValid(string? text) => text is { Length: Length } && text.All(Alphabet.Contains);
}
