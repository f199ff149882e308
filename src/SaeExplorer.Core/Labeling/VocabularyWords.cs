namespace SaeExplorer.Core.Labeling;

/// <summary>
/// Which caption words may become vocabulary terms: words of letters only, at least two of them, that are not a
/// file-name fragment. Codes and fragments ("r16", "3d", "img", "png", "dsc") name no visual concept, yet a code that
/// recurs in one uploader's captions passes the count rules and ends up naming features. Captions themselves, and
/// labels people type, still match on every content word (<see cref="CaptionWords"/>); only the vocabulary is filtered.
/// </summary>
public static class VocabularyWords
{
    /// <summary>Image file extensions and the prefixes cameras and scanners give file names.</summary>
    private static readonly HashSet<string> FileNameFragments = new(StringComparer.Ordinal)
    {
        "png", "jpg", "jpeg", "jpe", "gif", "svg", "svgz", "bmp", "tif", "tiff", "webp", "ico", "xcf", "psd", "eps", "pdf",
        "img", "image", "dsc", "dscn", "dscf", "dcim", "imgp", "cimg", "pict", "pxl", "scan", "thumb", "thumbnail", "copy",
        "file", "untitled", "clipart", "openclipart", "svgrepo",
    };

    /// <summary>Whether the lower-cased caption word <paramref name="word"/> may be a vocabulary term.</summary>
    public static bool Accepts(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return word.Length >= 2 && word.All(char.IsLetter) && !FileNameFragments.Contains(word);
    }
}
