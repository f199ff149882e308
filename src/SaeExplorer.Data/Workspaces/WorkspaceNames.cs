using System.Text.RegularExpressions;

namespace SaeExplorer.Data.Workspaces;

/// <summary>The names that go into permalinks, workspaces' and SAEs' alike: URL-safe, lower-case, 1 to 64 characters.</summary>
public static partial class WorkspaceNames
{
    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex Pattern();

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    /// <summary>Null when <paramref name="name"/> can name a <paramref name="what"/> ("workspace", "SAE"), else why not.</summary>
    public static string? Problem(string? name, string what) =>
        string.IsNullOrWhiteSpace(name) ? $"Give the {what} a name."
        : IsValid(name) ? null
        : "Use 1 to 64 lower-case letters, digits, '-' or '_', starting with a letter or digit: the name goes into every permalink.";

    /// <summary>A file or folder name made URL-safe ("ViT-bigG 64x.pth" becomes "vit-bigg-64x"), as a starting point.</summary>
    public static string From(string path)
    {
        var stem = Path.GetFileNameWithoutExtension(Path.TrimEndingDirectorySeparator(path)).ToLowerInvariant();
        var name = new string(stem.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray()).Trim('-', '_');
        name = name.Length > 64 ? name[..64].TrimEnd('-', '_') : name;
        return IsValid(name) ? name : "sae";
    }
}
