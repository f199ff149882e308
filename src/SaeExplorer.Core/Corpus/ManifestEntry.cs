namespace SaeExplorer.Core.Corpus;

/// <summary>One corpus image as a manifest lists it. <see cref="File"/> is relative to the manifest's folder.</summary>
public sealed record ManifestEntry(
    string Id,
    string File,
    string? Category = null,
    string? Subcategory = null,
    string? Description = null,
    string? Source = null,
    string? Licence = null);
