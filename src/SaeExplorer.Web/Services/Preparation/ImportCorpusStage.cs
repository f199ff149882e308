using SaeExplorer.Core.Corpus;
using SaeExplorer.Core.Corpus.Import;
using SaeExplorer.Core.Imaging;
using SaeExplorer.Data.Corpus;
using SaeExplorer.Web.Services.Encoders;

namespace SaeExplorer.Web.Services.Preparation;

/// <summary>
/// The first workspace stage of every workspace, the demo's included: the corpus (a manifest folder such as the demo pack,
/// img2dataset, webdataset, clip-retrieval, or an image folder) into a pack in the workspace folder: images copied,
/// embeddings shipped or encoded with the configured encoder, captions and URLs kept, the embedding space recorded.
/// </summary>
public sealed class ImportCorpusStage(
    CorpusImageStore images,
    EncoderCache encoders,
    ImageLoader loader,
    ILogger<ImportCorpusStage> log) : IPreparationStage
{
    public string Key => "import";
    public string Title => "import the corpus";
    public int Order => 10;
    public StageScope Scope => StageScope.Workspace;

    public async Task RunAsync(PreparationContext context, CancellationToken ct)
    {
        var source = context.ImportedFrom;
        CorpusFormat? format = Enum.TryParse<CorpusFormat>(context.ImportFormat, out var f) ? f : null;
        var corpus = await CorpusImporter.ImportAsync(source, format, ct);
        context.Report(0, corpus.Items.Count);
        foreach (var warning in corpus.Warnings) log.LogWarning("Import {Workspace}: {Warning}", context.WorkspaceName, warning);

        // A previous, interrupted run may have left a half pack, and later stages files of an older import.
        context.Files.Clear();
        var encoder = CorpusPackBuilder.NeedsEncoder(corpus) ? encoders.Configured() : null;
        var pack = CorpusPackBuilder.Build(corpus, context.Files.Corpus, encoder, loader, context.Report,
            warning => log.LogWarning("Import {Workspace}: {Warning}", context.WorkspaceName, warning), ct);
        if (pack.EmbeddingsPath is null || pack.Space is null || pack.Rows.Count == 0)
            throw new CorpusImportException(
                $"nothing to explore in {source}: {corpus.Items.Count} items, none with a readable local image or a shipped embedding" +
                (pack.Skipped.Count > 0 ? $" (first problem: {pack.Skipped[0]})" : ""));
        foreach (var skipped in pack.Skipped) log.LogWarning("Import {Workspace}: skipped {Item}", context.WorkspaceName, skipped);

        await images.ReplaceAsync(context.WorkspaceId, pack.Rows.Concat(SkippedOutcomes(pack)), pack.Folder, pack.EmbeddingsPath, pack.Space, ct);
        log.LogInformation("Imported {Rows} of {Items} items of {Source} ({Format}) into workspace {Workspace} ({Space}); {Skipped} skipped.",
            pack.Rows.Count, corpus.Items.Count + corpus.Skipped.Count, source, corpus.Format, context.WorkspaceName,
            pack.Space.Describe(), pack.Skipped.Count);
    }

    /// <summary>Skipped items with an id, once each and never clashing with a pack row, so the workspace lists why they are missing.</summary>
    private static IEnumerable<CorpusImageOutcome> SkippedOutcomes(CorpusPackResult pack)
    {
        var ids = pack.Rows.Select(r => r.Entry.Id).ToHashSet(StringComparer.Ordinal);
        return pack.Skipped
            .Where(s => s.Id is not null && ids.Add(s.Id))
            .Select(s => new CorpusImageOutcome(new ManifestEntry(s.Id!, "", Source: WebUrl.OrNull(s.Location)), null, 0, 0, null, s.Reason));
    }
}
