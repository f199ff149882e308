using System.Text;

namespace SaeExplorer.Core.Embeddings;

/// <summary>
/// Row ids for a .npy embedding file: "&lt;name&gt;.ids.txt" beside "&lt;name&gt;.npy", UTF-8, one id per
/// line, line i naming row i. Written by <see cref="NpyWriter"/> in step with the rows.
/// </summary>
public static class RowIdMap
{
    public const string Extension = ".ids.txt";

    /// <summary>"dir/emb.npy" becomes "dir/emb.ids.txt"; a path without ".npy" just gains ".ids.txt".</summary>
    public static string PathFor(string npyPath)
    {
        ArgumentNullException.ThrowIfNull(npyPath);
        string stem = npyPath.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) ? npyPath[..^4] : npyPath;
        return stem + Extension;
    }

    /// <summary>Reads the ids for <paramref name="npyPath"/> and checks there is exactly one per row.</summary>
    /// <exception cref="FileNotFoundException">There is no ids file.</exception>
    /// <exception cref="InvalidDataException">The ids file and the array disagree on the row count.</exception>
    public static string[] Read(string npyPath, long expectedRows) => Read(PathFor(npyPath), npyPath, expectedRows);

    /// <summary>Reads ids for <paramref name="npyPath"/> from a file of the same layout kept elsewhere (<paramref name="idsPath"/>).</summary>
    /// <exception cref="FileNotFoundException">There is no ids file.</exception>
    /// <exception cref="InvalidDataException">The ids file and the array disagree on the row count.</exception>
    public static string[] Read(string idsPath, string npyPath, long expectedRows)
    {
        if (!File.Exists(idsPath))
            throw new FileNotFoundException(idsPath == PathFor(npyPath)
                ? $"Row id file not found: '{idsPath}' (expected beside '{npyPath}')."
                : $"Row id file not found: '{idsPath}'.", idsPath);
        string[] ids = File.ReadAllLines(idsPath, Encoding.UTF8);
        if (ids.LongLength != expectedRows)
            throw new InvalidDataException($"'{idsPath}' has {ids.Length} ids but '{npyPath}' has {expectedRows} rows.");
        return ids;
    }

    /// <inheritdoc cref="Read(string, long)"/>
    public static string[] Read(NpyFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return Read(file.Path, file.Rows);
    }

    /// <summary>Throws unless <paramref name="id"/> can be stored on one line.</summary>
    internal static void Validate(string id)
    {
        if (string.IsNullOrEmpty(id))
            throw new ArgumentException("Row id must not be empty.", nameof(id));
        if (id.AsSpan().IndexOfAny('\n', '\r') >= 0)
            throw new ArgumentException($"Row id must not contain a line break: '{id.ReplaceLineEndings("\\n")}'.", nameof(id));
    }
}
