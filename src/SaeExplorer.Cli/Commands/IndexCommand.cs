using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using SaeExplorer.Core.Corpus.Import;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Indexing;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Settings;
using Spectre.Console;

namespace SaeExplorer.Cli.Commands;

/// <summary>
/// `saex index`: per-feature statistics (top rows, quantile samples, histograms, nearest features) of an SAE over
/// an embeddings file, written as a .idx file. `--shard i/n` builds rows [i·N/n, (i+1)·N/n) only (no neighbours);
/// `saex index merge` joins the parts and adds the neighbours. A checkpoint beside --out lets a killed run resume.
/// </summary>
public static class IndexCommand
{
    /// <summary>Suffix of the checkpoint file kept beside --out while a build runs.</summary>
    public const string CheckpointSuffix = ".checkpoint";

    public static Command Create()
    {
        var sae = new SaeOptions();
        var embeddings = new Option<string>("--embeddings") { Description = "Embeddings: a .npy file (rows = images), or a clip-retrieval folder (its img_emb/img_emb_N.npy shards, read as one matrix in place).", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "The index file to write (FILE.idx); FILE.idx.checkpoint (and .neighbours) are kept beside it while building.", Required = true };
        var topK = new Option<int?>("--top-k") { Description = "Top activating rows kept per feature (default: Indexing:TopK)." };
        var bands = new Option<int?>("--bands") { Description = "Quantile bands per feature, at least 2 (default: Indexing:QuantileBands)." };
        var samples = new Option<int?>("--samples") { Description = "Sample rows kept per band (default: Indexing:SamplesPerBand)." };
        var neighbours = new Option<int?>("--neighbours") { Description = "Nearest features (decoder cosine) kept per feature (default: Indexing:NeighbourCount)." };
        var batch = new Option<int?>("--batch-size") { Description = "Rows encoded at a time (default: Indexing:BatchSize); give every shard the same value (it fixes the encoding grid, so the merged index equals an unsharded one)." };
        var shard = new Option<string?>("--shard") { Description = "Build only shard i of n (\"i/n\", 0 <= i < n): rows [i*N/n, (i+1)*N/n), no neighbours; join the parts with `saex index merge`." };
        var every = new Option<int?>("--checkpoint-every") { Description = "Batches between checkpoints (default: Indexing:CheckpointEveryBatches)." };

        var command = new Command("index", "Build the feature index of an SAE over an embeddings file (resumes from FILE.idx.checkpoint when one is there). Settings come from appsettings \"Indexing\"; flags override.")
        {
            embeddings, output, topK, bands, samples, neighbours, batch, shard, every,
        };
        sae.AddTo(command);
        command.Subcommands.Add(CreateMerge());
        command.SetAction((parse, ct) => Task.FromResult(Cli.Guard(() =>
        {
            var shardText = parse.GetValue(shard);
            var (index, count) = shardText is null ? (0, 1) : ParseShard(shardText);
            var outPath = parse.GetRequiredValue(output).FullName;
            var settings = CliSettings.Get<FeatureIndexOptions>(CliSettings.Load());
            var options = OptionsCheck.Checked(settings with
            {
                TopK = parse.GetValue(topK) ?? settings.TopK,
                QuantileBands = parse.GetValue(bands) ?? settings.QuantileBands,
                SamplesPerBand = parse.GetValue(samples) ?? settings.SamplesPerBand,
                NeighbourCount = parse.GetValue(neighbours) ?? settings.NeighbourCount,
                BatchSize = parse.GetValue(batch) ?? settings.BatchSize,
                CheckpointEveryBatches = parse.GetValue(every) ?? settings.CheckpointEveryBatches,
                CheckpointPath = outPath + CheckpointSuffix,
            });
            return Run(parse.GetRequiredValue(sae.Path), parse.GetValue(sae.Format), parse.GetRequiredValue(embeddings),
                outPath, options, shardText is null ? null : (index, count), ct);
        })));
        return command;
    }

    /// <summary>Parses "i/n" (0-based shard i of n shards).</summary>
    /// <exception cref="FormatException">Not of that form, or not 0 &lt;= i &lt; n.</exception>
    public static (int Index, int Count) ParseShard(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            || !int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            throw new FormatException($"--shard '{text}': expected i/n, e.g. 0/4 for the first of four shards");
        if (n < 1 || i >= n)
            throw new FormatException($"--shard '{text}': shard i of n needs 0 <= i < n (the shards of {n} are 0/{n} to {Math.Max(0, n - 1)}/{n})");
        return (i, n);
    }

    /// <summary>A .npy file, or a clip-retrieval folder's float16/float32 shards read in place as one matrix.</summary>
    public static ShardedNpy OpenEmbeddings(string path)
    {
        if (File.Exists(path)) return ShardedNpy.Open([path]);
        if (!Directory.Exists(path)) throw new FileNotFoundException($"embeddings not found: {path}", path);
        var files = ClipRetrievalImporter.EmbeddingFiles(path);
        if (files.Count == 0)
            throw new FileNotFoundException($"{path}: a folder of embeddings must hold {ClipRetrievalImporter.EmbeddingsFolder}/img_emb_N.npy (clip-retrieval's layout)", path);
        return ShardedNpy.Open(files);
    }

    private static int Run(string saePath, SaeFormat format, string embeddingsPath, string outPath,
        FeatureIndexOptions options, (int Index, int Count)? shard, CancellationToken ct)
    {
        using var data = OpenEmbeddings(embeddingsPath);
        using var model = SaeLoader.Load(saePath, format, data.Columns);
        // The index records the SAE's weights it was built from: the app takes it for that SAE alone.
        options = options with { SaeFingerprint = ModelFingerprint.Of(SaeLoader.WeightsFile(saePath, format)) };
        var builder = new FeatureIndexBuilder(options);
        var source = new SaeFeatureSource(model);
        var (shardIndex, shardCount) = shard ?? (0, 1);
        var (start, end) = FeatureIndexBuilder.ShardRange(data.Rows, shardIndex, shardCount);
        var checkpoint = options.CheckpointPath!;
        var neighboursCheckpoint = FeatureIndexBuilder.NeighboursCheckpointPath(checkpoint);
        if (File.Exists(checkpoint))
            AnsiConsole.MarkupLineInterpolated($"[yellow]resuming[/] from checkpoint {checkpoint}");
        if (shard is null && File.Exists(neighboursCheckpoint))
            AnsiConsole.MarkupLineInterpolated($"[yellow]resuming[/] nearest features from checkpoint {neighboursCheckpoint}");
        Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
        AnsiConsole.MarkupLineInterpolated(
            $"{model.DSae} features x {model.DIn} over {(shard is null ? $"{data.Rows} rows" : $"rows {start}..{end} of {data.Rows} (shard {shardIndex}/{shardCount})")} in {data.Shards.Count} file(s), batch {options.BatchSize}");

        var clock = Stopwatch.StartNew();
        FeatureIndex index;
        try
        {
            var reporter = new ProgressLines();
            index = shard is null
                ? builder.Build(source, data, reporter, ct)
                : builder.BuildShard(source, data, shardIndex, shardCount, reporter, ct);
            reporter.Finish();
        }
        catch (IndexCheckpointMismatchException e)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return 2;
        }
        catch (OperationCanceledException)
        {
            var kept = File.Exists(checkpoint) ? $"progress saved to {checkpoint}; run the same command again to resume" : "nothing saved";
            AnsiConsole.MarkupLineInterpolated($"[yellow]interrupted[/]: {kept}");
            return 130;
        }

        index.Save(outPath);
        WriteSummary(index, outPath, clock.Elapsed);
        return 0;
    }

    private static Command CreateMerge()
    {
        var sae = new SaeOptions();
        var output = new Option<FileInfo>("--out") { Description = "The merged index file to write.", Required = true };
        var neighbours = new Option<int?>("--neighbours") { Description = "Nearest features (decoder cosine) kept per feature (default: Indexing:NeighbourCount)." };
        var parts = new Argument<FileInfo[]>("parts") { Description = "The shard indexes (saex index --shard i/n), in any order.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("merge", "Merge shard indexes into one complete index and add the nearest features from the SAE's decoder.")
        {
            output, neighbours, parts,
        };
        sae.AddTo(command);
        command.SetAction((parse, ct) => Task.FromResult(Cli.Guard(() =>
        {
            var clock = Stopwatch.StartNew();
            var files = parse.GetRequiredValue(parts);
            foreach (var f in files.Where(f => !f.Exists))
                throw new FileNotFoundException($"index part not found: {f.FullName}", f.FullName);
            var loaded = files.Select(f => FeatureIndex.Load(f.FullName)).ToList();

            FeatureIndex merged;
            try
            {
                merged = FeatureIndex.Merge(loaded);
            }
            catch (ArgumentException e)
            {
                var ranges = string.Join(", ", files.Zip(loaded, (f, p) => $"{f.Name}: rows {p.RowStart}..{p.RowEnd}"));
                throw new InvalidDataException($"cannot merge: {WithoutParameter(e)} ({ranges})");
            }
            if (!merged.IsComplete)
                throw new InvalidDataException(
                    $"the parts cover rows {merged.RowStart}..{merged.RowEnd} of the corpus's {merged.CorpusRows}; " +
                    "a shard is missing (pass every FILE from --shard 0/n to --shard n-1/n)");

            var saePath = parse.GetRequiredValue(sae.Path);
            using var model = SaeLoader.Load(saePath, parse.GetValue(sae.Format));
            var fingerprint = ModelFingerprint.Of(SaeLoader.WeightsFile(saePath, parse.GetValue(sae.Format)));
            if (merged.SaeFingerprint is { } built && built != fingerprint)
                throw new InvalidDataException($"the parts were built from the SAE with weights {built}, but {saePath} has weights {fingerprint}; give the SAE they were built with");
            merged = merged.WithSaeFingerprint(fingerprint);
            if (model.DSae != merged.FeatureCount)
                throw new InvalidDataException($"the SAE has {model.DSae} features but the parts index {merged.FeatureCount}; give the SAE they were built with");
            var count = parse.GetValue(neighbours) ?? CliSettings.Get<FeatureIndexOptions>(CliSettings.Load()).NeighbourCount;
            ArgumentOutOfRangeException.ThrowIfNegative(count, "--neighbours");
            var outPath = parse.GetRequiredValue(output).FullName;
            var reporter = new ProgressLines();
            var near = NearestFeatures.Compute(new SaeFeatureSource(model), count, cancellationToken: ct,
                checkpointPath: FeatureIndexBuilder.NeighboursCheckpointPath(outPath + CheckpointSuffix), progress: reporter);
            reporter.Finish();
            merged = merged.WithNeighbours(near);
            Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
            merged.Save(outPath);
            AnsiConsole.MarkupLineInterpolated($"merged {files.Length} parts");
            WriteSummary(merged, outPath, clock.Elapsed);
            return 0;
        })));
        return command;
    }

    private static string WithoutParameter(ArgumentException e) =>
        e.ParamName is { } p ? e.Message.Replace($" (Parameter '{p}')", "", StringComparison.Ordinal) : e.Message;

    /// <summary>Features alive (firing at least once), median firing frequency, rows and time.</summary>
    private static void WriteSummary(FeatureIndex index, string outPath, TimeSpan elapsed)
    {
        var frequencies = new double[index.FeatureCount];
        var alive = 0;
        for (var f = 0; f < index.FeatureCount; f++)
        {
            var stats = index[f];
            frequencies[f] = stats.Frequency;
            if (stats.FiringCount > 0) alive++;
        }
        var aliveFrequencies = frequencies.Where(x => x > 0).ToArray();
        var table = new Table().HideHeaders().AddColumn("").AddColumn("");
        table.AddRow("rows", index.IsComplete
            ? $"{index.RowCount}"
            : $"{index.RowCount} ({index.RowStart}..{index.RowEnd} of {index.CorpusRows})");
        table.AddRow("features alive", $"{alive} of {index.FeatureCount} ({(index.FeatureCount == 0 ? 0 : (double)alive / index.FeatureCount):P1})");
        table.AddRow("active features per row (L0)", $"{(index.RowCount == 0 ? 0 : Enumerable.Range(0, index.FeatureCount).Sum(f => (double)index[f].FiringCount) / index.RowCount):F1}");
        table.AddRow("median firing frequency", $"{Median(frequencies):G4} (alive features: {Median(aliveFrequencies):G4})");
        table.AddRow("nearest features", index.Neighbours is { } n ? $"{n.Count} per feature" : "none (shard; added by `saex index merge`)");
        table.AddRow("elapsed", elapsed.ToString(@"hh\:mm\:ss\.f", CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"wrote {outPath}");
    }

    private static double Median(double[] values)
    {
        if (values.Length == 0) return 0;
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
