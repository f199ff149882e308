using System.Security.Cryptography;
using SaeExplorer.Core.Embeddings;

namespace SaeExplorer.Core.Corpus.Import;

/// <summary>A pack being written: image copies under images/, embedding rows with their ids, and the manifest rows in row order.</summary>
internal sealed class CorpusPack(string folder, NpyWriter? writer)
{
    private readonly List<CorpusImageOutcome> _rows = [];
    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<CorpusImageOutcome> Rows => _rows;

    /// <summary>Writes the row (with the item's id) and the image copy; false with a reason if the id cannot be stored.</summary>
    public bool TryAdd(CorpusItem item, ReadOnlySpan<float> row, byte[]? imageBytes, int width, int height, out string? reason)
    {
        reason = null;
        var index = checked((int)writer!.Rows);
        try
        {
            writer.WriteRow(row, item.Id);
        }
        catch (ArgumentException e)
        {
            reason = e.Message;
            return false;
        }
        var file = "";
        string? hash = null;
        if (imageBytes is not null)
        {
            var name = FileName(item);
            File.WriteAllBytes(Path.Combine(folder, CorpusPackBuilder.ImagesFolder, name), imageBytes);
            file = $"{CorpusPackBuilder.ImagesFolder}/{name}";
            hash = Convert.ToHexStringLower(SHA256.HashData(imageBytes));
        }
        _rows.Add(new CorpusImageOutcome(item.ToManifestEntry() with { File = file }, index, width, height, hash, null));
        return true;
    }

    public void WriteManifest() => CorpusManifest.Write(Path.Combine(folder, CorpusManifest.FileName), _rows.Select(r => r.Entry));

    /// <summary>The id made file-name safe, with the source's extension; unique within the pack.</summary>
    private string FileName(CorpusItem item)
    {
        var source = item.Image switch
        {
            FileImageLocator f => f.RelativePath,
            TarMemberLocator t => t.MemberName,
            _ => "",
        };
        var ext = Path.GetExtension(source).ToLowerInvariant();
        if (ext.Length is < 2 or > 6 || !ext[1..].All(char.IsAsciiLetterOrDigit)) ext = ".img";
        var stem = new string(item.Id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray()).Trim('.');
        if (stem.Length == 0) stem = "item";
        if (stem.Length > 100) stem = stem[..100];
        var name = stem + ext;
        for (var n = 1; !_names.Add(name); n++) name = $"{stem}-{n}{ext}";
        return name;
    }
}
