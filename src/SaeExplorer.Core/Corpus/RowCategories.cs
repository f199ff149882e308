namespace SaeExplorer.Core.Corpus;

/// <summary>The manifest category of each embedding row, through the rows' image ids (e.g. <c>FILE.ids.txt</c>).</summary>
public static class RowCategories
{
    /// <summary>Category per row; null where the id is not in the manifest or its entry has no category.</summary>
    /// <param name="source">Names the manifest in error messages.</param>
    /// <exception cref="InvalidDataException">No row id appears in the manifest with a category.</exception>
    public static string?[] FromManifest(IReadOnlyList<string> rowIds, IReadOnlyList<ManifestEntry> manifest, string source)
    {
        var byId = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var e in manifest) byId[e.Id] = e.Category;
        var result = rowIds.Select(id => byId.GetValueOrDefault(id)).ToArray();
        if (result.All(c => c is null))
            throw new InvalidDataException(rowIds.Count == 0
                ? $"{source}: there are no row ids to look up"
                : $"{source}: none of the {rowIds.Count} row ids (first: '{rowIds[0]}') has a category in the manifest");
        return result;
    }
}
