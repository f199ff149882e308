using System.ComponentModel.DataAnnotations;

namespace SaeExplorer.Core.Labeling;

/// <summary>How a vocabulary is read from a manifest (<see cref="ManifestVocabulary"/>).</summary>
public sealed record VocabularyOptions
{
    /// <summary>A term must be carried by at least this many training images: a mean of two images is noise, not a direction.</summary>
    [Range(1, int.MaxValue)]
    public int MinimumCount { get; init; } = 5;

    /// <summary>
    /// A caption word must be used by at least this many different training captions (compared by their content
    /// words): a word that only one caption repeats, e.g. a batch tag copied onto a hundred uploads, is not a concept.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int MinimumCaptions { get; init; } = 3;

    public bool Categories { get; init; } = true;
    public bool Subcategories { get; init; } = true;
    public bool CaptionWords { get; init; } = true;
}
