namespace SaeExplorer.Core.Corpus.Import;

/// <summary>Checks that names taken from untrusted input stay inside the corpus folder.</summary>
public static class ImportPaths
{
    /// <summary>
    /// A relative, '/'-separated name with no empty, "." or ".." segments, no drive or root, no NUL.
    /// Tar member names and metadata paths must pass this before they are used at all.
    /// </summary>
    public static bool IsSafeRelativeName(string name, out string reason)
    {
        reason = "";
        if (string.IsNullOrWhiteSpace(name))
        {
            reason = "the name is empty";
            return false;
        }
        if (name.Contains('\0'))
        {
            reason = "the name contains a NUL character";
            return false;
        }
        var normalised = name.Replace('\\', '/');
        if (normalised.StartsWith('/') || Path.IsPathRooted(name) || (normalised.Length >= 2 && normalised[1] == ':'))
        {
            reason = $"unsafe name '{name}': it is an absolute path";
            return false;
        }
        foreach (var segment in normalised.Split('/'))
        {
            if (segment == "..")
            {
                reason = $"unsafe name '{name}': it climbs out of its folder ('..')";
                return false;
            }
        }
        return true;
    }

    /// <summary>Resolves <paramref name="relative"/> under <paramref name="root"/>, refusing anything that ends up outside.</summary>
    public static bool TryResolveInside(string root, string relative, out string full, out string reason)
    {
        full = "";
        if (!IsSafeRelativeName(relative, out reason))
            return false;
        var rootFull = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        full = Path.GetFullPath(Path.Combine(rootFull, relative.Replace('\\', '/')));
        if (!full.StartsWith(rootFull + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            reason = $"unsafe path '{relative}': it leaves the corpus folder";
            full = "";
            return false;
        }
        return true;
    }

    /// <summary>An absolute path inside <paramref name="root"/> as a relative '/'-separated one; null when it is outside.</summary>
    public static string? RelativeInside(string root, string absolute)
    {
        var rootFull = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var full = Path.GetFullPath(absolute);
        return full.StartsWith(rootFull + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? Path.GetRelativePath(rootFull, full).Replace('\\', '/')
            : null;
    }

    public static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');
}
