using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Encoders;

namespace SaeExplorer.Core.Corpus.Import;

/// <summary>
/// What a corpus's vectors will be once imported, known before importing it: their dimension, where that was read (a
/// shard, a pack's embeddings, or the encoder), and the model that makes them when one is known.
/// </summary>
/// <param name="Source">"img_emb/img_emb_0.npy", "embeddings.npy" or "the configured encoder (resnet18)", as messages name it.</param>
/// <param name="Preset">An encoder preset name, or null when the vectors were shipped and name no model.</param>
/// <param name="Model">The model file or declared model; null when unknown.</param>
/// <param name="Rows">How many vectors, when the corpus ships them; null when its images are still to be encoded.</param>
public sealed record CorpusVectors(int Dimension, string Source, string? Preset, string? Model, long? Rows = null);

/// <summary>
/// Reads a corpus folder's headers only (the .npy shapes, the parquet footers, embedding-space.json) to say what its
/// vectors will be, and refuses a corpus whose files disagree before anything is made of it: a shard of another width,
/// a metadata file with fewer rows than its shard. Images to encode take the configured encoder's dimension.
/// </summary>
public static class CorpusProbe
{
    /// <exception cref="CorpusImportException">The files disagree or cannot be read; the message names them.</exception>
    public static async Task<CorpusVectors> ProbeAsync(string path, CorpusFormat format, EncoderOptions encoder, CancellationToken ct = default)
    {
        var root = File.Exists(path) ? Path.GetDirectoryName(Path.GetFullPath(path))! : Path.GetFullPath(path);
        var declared = Declared(root);
        if (format == CorpusFormat.ClipRetrieval)
        {
            var (columns, first, rows) = await ClipRetrievalImporter.CheckAsync(root, ct).ConfigureAwait(false);
            return new CorpusVectors(columns, first, declared?.Preset, declared?.Model, rows);
        }
        var pack = Path.Combine(root, CorpusImporter.PackEmbeddings);
        if (format == CorpusFormat.Manifest && File.Exists(pack) && File.Exists(RowIdMap.PathFor(pack)))
        {
            try
            {
                using var npy = NpyFile.Open(pack);
                return new CorpusVectors(npy.Columns, CorpusImporter.PackEmbeddings, declared?.Preset, declared?.Model, npy.Rows);
            }
            catch (Exception e) when (e is NpyFormatException or IOException or UnauthorizedAccessException)
            {
                throw new CorpusImportException($"{pack}: not a readable embeddings file: {e.Message}", e);
            }
        }
        var preset = encoder.ResolvePreset();
        return new CorpusVectors(preset.OutputDimension, $"the configured encoder ({preset.Name})", preset.Name,
            encoder.ModelPath is { } model ? Path.GetFileName(model) : null);
    }

    private static EmbeddingSpace? Declared(string root)
    {
        try
        {
            return EmbeddingSpace.TryLoad(Path.Combine(root, EmbeddingSpace.FileName)) is { IsShipped: false } space ? space : null;
        }
        catch (InvalidDataException e)
        {
            throw new CorpusImportException(e.Message, e);
        }
    }
}
