using System.Security.Cryptography;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SaeExplorer.Core.Corpus;

/// <summary>
/// Encodes a corpus into an embeddings file, one row per readable image, in manifest order.
/// A bad file (missing, empty, truncated, not an image, too large, outside the corpus folder)
/// is reported as skipped with its reason and never stops the run. Used by `saex encode` and the
/// web app's first-run preparation alike.
/// </summary>
public static class CorpusEncoder
{
    private const int BatchSize = 16;

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
        var batch = new List<Loaded>(BatchSize);
        try
        {
            for (var i = 0; i < entries.Count; i++)
            {
                ct.ThrowIfCancellationRequested();
                var entry = entries[i];
                if (TryLoad(entry, root, loader, out var image, out var hash, out var reason))
                {
                    batch.Add(new Loaded(i, entry, image!, hash!));
                    if (batch.Count == BatchSize) Flush(batch, encoder, writer, outcomes);
                }
                else
                {
                    outcomes[i] = new CorpusImageOutcome(entry, null, 0, 0, hash, reason);
                }
                progress?.Invoke(i + 1, entries.Count);
            }
            Flush(batch, encoder, writer, outcomes);
        }
        finally
        {
            foreach (var item in batch) item.Image.Dispose();
        }
        return outcomes;
    }

    private readonly record struct Loaded(int Index, ManifestEntry Entry, Image<Rgb24> Image, string Hash);

    private static bool TryLoad(ManifestEntry entry, string root, ImageLoader loader,
        out Image<Rgb24>? image, out string? hash, out string? reason)
    {
        image = null; hash = null; reason = null;
        var path = Path.GetFullPath(Path.Combine(root, entry.File));
        if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            reason = "the path leaves the corpus folder";
            return false;
        }
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

    /// <summary>Encodes the loaded images and appends their rows; rows follow manifest order.</summary>
    private static void Flush(List<Loaded> batch, IImageEncoder encoder, NpyWriter writer, CorpusImageOutcome[] outcomes)
    {
        if (batch.Count == 0) return;
        var vectors = encoder.EncodeBatch(batch.Select(b => b.Image).ToList());
        for (var i = 0; i < batch.Count; i++)
        {
            var item = batch[i];
            var row = checked((int)writer.Rows);
            writer.WriteRow(vectors[i], item.Entry.Id);
            outcomes[item.Index] = new CorpusImageOutcome(item.Entry, row, item.Image.Width, item.Image.Height, item.Hash, null);
        }
        foreach (var item in batch) item.Image.Dispose();
        batch.Clear();
    }
}
