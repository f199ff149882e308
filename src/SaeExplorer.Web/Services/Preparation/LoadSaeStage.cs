using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Indexing;
using SaeExplorer.Core.IO;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Data.Saes;

namespace SaeExplorer.Web.Services.Preparation;

/// <summary>
/// The first SAE stage of an SAE brought as a file (in place of training): the file is copied into the SAE's folder byte
/// for byte (the source may move; its fingerprint stays the one an index built elsewhere records), checked again from
/// the copy (shapes, the workspace's dimension, every weight finite, streamed: never more than a few megabytes of it in
/// memory), and recorded (format, architecture, normalisation, fingerprint). An index built elsewhere for it is checked
/// (the SAE's fingerprint, its features, every corpus row) and copied beside it, and the index stage takes it.
/// </summary>
public sealed class LoadSaeStage(SaeStore saes, ILogger<LoadSaeStage> log) : IPreparationStage
{
    private const int CopyBlock = 8 << 20;

    public string Key => "load";
    public string Title => "load SAE";
    public int Order => 20;
    public StageScope Scope => StageScope.Sae;

    public bool AppliesTo(SaeTarget sae) => sae.Origin == WorkspaceSae.Imported;

    public async Task RunAsync(PreparationContext context, CancellationToken ct)
    {
        var target = context.RequireSae();
        var source = target.Source ?? throw new InvalidOperationException($"SAE '{target.Name}' names no file to load");
        using var embeddings = NpyFile.Open(context.RequireEmbeddings());

        var files = Files(source, target);
        var total = files.Sum(f => new FileInfo(f.From).Length);
        long copied = 0;
        if (Directory.Exists(target.Files.Weights)) Directory.Delete(target.Files.Weights, recursive: true);
        Directory.CreateDirectory(target.Files.Weights);
        foreach (var (from, to) in files)
            copied = await CopyAsync(from, to, copied, total, context.Report, ct);

        using (var file = SaeLoader.Open(target.Files.LoadPath(target.Format), target.Format))
        {
            file.CheckInput(embeddings.Columns, $"the workspace's embeddings ({context.EmbeddingsPath})");
            file.CheckWeights();
            var config = file.Config;
            var fingerprint = file.Fingerprint();
            await saes.RecordAsync(target.Id, row =>
            {
                (row.Path, row.Format, row.Architecture, row.DIn, row.DSae) =
                    (target.Files.Weights, SaeFormatNames.Name(file.Format), config.Architecture.ToString().ToLowerInvariant(), config.DIn, config.DSae);
                (row.Fingerprint, row.Normalization) = (fingerprint, SaeLensConfig.NormalizationName(config.Normalization));
            }, ct);
            if (target.IndexSource is { } index)
                await TakeIndexAsync(index, source, fingerprint, config.DSae, embeddings.Rows, target.Files.FeatureIndex, ct);
            log.LogInformation("Workspace {Name}: SAE {Sae} loaded from {Source} ({Format}, {DIn} -> {DSae}, weights {Fingerprint}){Index}.",
                context.WorkspaceName, target.Name, source, file.Format, config.DIn, config.DSae, fingerprint,
                target.IndexSource is null ? "" : $", with its index {target.IndexSource}");
        }
    }

    /// <summary>Refuses an index built for another SAE (naming both files), of another size or over other rows; else copies it.</summary>
    private static async Task TakeIndexAsync(string index, string sae, string fingerprint, int features, long rows, string destination, CancellationToken ct)
    {
        FeatureIndexFile.Header(index).CheckBelongsTo(index, sae, fingerprint, features, rows);
        await CopyAsync(index, destination, 0, 0, (_, _) => { }, ct);
    }

    /// <summary>The files to copy: a SAELens folder's config, weights and sparsity, or the one file.</summary>
    private static List<(string From, string To)> Files(string source, SaeTarget target)
    {
        if (target.Format != SaeFormat.SaeLens) return [(source, target.Files.LoadPath(target.Format))];
        var folder = Directory.Exists(source) ? source : Path.GetDirectoryName(Path.GetFullPath(source))!;
        return new[] { SaeLensLoader.ConfigFile, SaeLensLoader.WeightsFile, SaeLensLoader.SparsityFile }
            .Where(f => File.Exists(Path.Combine(folder, f)))
            .Select(f => (Path.Combine(folder, f), Path.Combine(target.Files.Weights, f))).ToList();
    }

    /// <summary>Copies a file in blocks, reporting megabytes done of the total; returns the bytes done so far.</summary>
    private static async Task<long> CopyAsync(string from, string to, long done, long total, Action<int, int> report, CancellationToken ct)
    {
        var buffer = new byte[CopyBlock];
        await using var input = File.OpenRead(from);
        await using (var output = AtomicFile.Create(to, CopyBlock))
        {
            int read;
            while ((read = await input.ReadAsync(buffer, ct)) > 0)
            {
                await output.WriteAsync(buffer.AsMemory(0, read), ct);
                done += read;
                if (total > 0) report((int)(done >> 20), (int)(total >> 20));
            }
        }
        AtomicFile.Commit(to);
        return done;
    }
}
