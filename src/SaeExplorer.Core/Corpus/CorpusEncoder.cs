using System.Security.Cryptography;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SaeExplorer.Core.Corpus;

/// <summary>
/// Encodes a corpus into an embeddings file, one row per readable image, in manifest order.
/// A bad file (missing, empty, truncated, not an image, too large) is reported as skipped with its
/// reason and never stops the run. Used by `saex encode`, which runs as the files' owner: a manifest
/// may name images by absolute path or outside its folder. (The web app imports through
/// CorpusImporter, which keeps every path inside the corpus folder.)
/// </summary>
public static class CorpusEncoder
{
    public static IReadOnlyList<CorpusImageOutcome> Encode(
        IReadOnlyList<ManifestEntry> entries,
        string corpusFolder,
        IImageEncoder encoder,
        ImageLoader loader,
        NpyWriter writer,
        Action<int, int>? progress = null,
        CancellationToken ct = default)
    {
        var root = Path.GetFullPath(corpusFolder);
        var outcomes = new CorpusImageOutcome[entries.Count];
        using var batcher = new EncodeBatcher<(int Index, ManifestEntry Entry, string Hash)>(encoder, (item, image, vector) =>
        {
            var row = checked((int)writer.Rows);
            writer.WriteRow(vector, item.Entry.Id); // rows follow manifest order
            outcomes[item.Index] = new CorpusImageOutcome(item.Entry, row, image.Width, image.Height, item.Hash, null);
        });
        for (var i = 0; i < entries.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var entry = entries[i];
            if (TryLoad(entry, root, loader, out var image, out var hash, out var reason))
                batcher.Add((i, entry, hash!), image!);
            else
                outcomes[i] = new CorpusImageOutcome(entry, null, 0, 0, hash, reason);
            progress?.Invoke(i + 1, entries.Count);
        }
        batcher.Flush();
        return outcomes;
    }

    private static bool TryLoad(ManifestEntry entry, string root, ImageLoader loader,
        out Image<Rgb24>? image, out string? hash, out string? reason)
    {
        image = null; hash = null; reason = null;
        var path = Path.GetFullPath(Path.IsPathRooted(entry.File) ? entry.File : Path.Combine(root, entry.File));
        if (!File.Exists(path))
        {
            reason = "file not found";
            return false;
        }
        try
        {
            var bytes = loader.ReadBytes(path); // once: hashed and decoded from memory
            hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
            image = loader.Load(bytes, path);
            return true;
        }
        catch (ImageRejectedException e)
        {
            reason = e.Reason;
        }
        catch (IOException e)
        {
            reason = $"unreadable: {e.Message}";
        }
        catch (UnauthorizedAccessException e)
        {
            reason = $"unreadable: {e.Message}";
        }
        return false;
    }
}
