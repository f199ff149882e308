using System.CommandLine;
using System.Diagnostics;
using SaeExplorer.Core.Rendering.Retrieval.Approximate;
using Spectre.Console;

namespace SaeExplorer.Cli.Commands;

/// <summary>
/// `saex nearest-images build`: the approximate nearest-image index (USearch HNSW, float16, cosine from the corpus
/// mean) of an embeddings file or clip-retrieval folder, resumable; `saex nearest-images check`: its recall@k against
/// exact retrieval and both query times. Settings from appsettings "NearestImages".
/// </summary>
public static class NearestImagesCommand
{
    public static Command Create()
    {
        var command = new Command("nearest-images", "The approximate nearest-image index (USearch HNSW) of a corpus: build it, check it against exact retrieval.");
        command.Subcommands.Add(CreateBuild());
        command.Subcommands.Add(CreateCheck());
        return command;
    }

    private static Command CreateBuild()
    {
        var embeddings = new Option<string>("--embeddings") { Description = "A .npy file or a clip-retrieval folder.", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "The index file (FILE.usearch; FILE.usearch.mean.npy beside it).", Required = true };
        var command = new Command("build", "Build the index (resumes from FILE.checkpoint when one is there).") { embeddings, output };
        command.SetAction((parse, ct) => Task.FromResult(Cli.Guard(() =>
        {
            var options = CliSettings.Get<NearestImagesOptions>(CliSettings.Load());
            using var corpus = IndexCommand.OpenEmbeddings(parse.GetRequiredValue(embeddings));
            var path = parse.GetRequiredValue(output).FullName;
            if (File.Exists(NearestImageIndexBuilder.CheckpointPath(path)))
                AnsiConsole.MarkupLineInterpolated($"[yellow]resuming[/] from {NearestImageIndexBuilder.CheckpointPath(path)}");
            var clock = Stopwatch.StartNew();
            try
            {
                var reporter = new ProgressLines("nearest-image index");
                NearestImageIndexBuilder.Build(corpus, path, options, reporter, ct);
                reporter.Finish();
            }
            catch (OperationCanceledException)
            {
                AnsiConsole.MarkupLine("[yellow]interrupted[/]: run the same command again to resume from the last checkpoint");
                return 130;
            }
            AnsiConsole.MarkupLineInterpolated($"wrote {path} ({corpus.Rows} rows, {new FileInfo(path).Length / (1 << 20)} MiB) in {clock.Elapsed:hh\\:mm\\:ss}");
            return 0;
        })));
        return command;
    }

    private static Command CreateCheck()
    {
        var embeddings = new Option<string>("--embeddings") { Description = "The corpus the index was built from.", Required = true };
        var index = new Option<FileInfo>("--index") { Description = "The index file.", Required = true };
        var queries = new Option<int>("--queries") { Description = "Corpus rows used as queries (evenly spaced; each excluded from its own answer).", DefaultValueFactory = _ => 100 };
        var top = new Option<int>("--top") { Description = "k of recall@k.", DefaultValueFactory = _ => 8 };
        var command = new Command("check", "Recall@k of the index against exact retrieval, with both query times (p50, p95), for centred and plain cosine.") { embeddings, index, queries, top };
        command.SetAction((parse, ct) => Task.FromResult(Cli.Guard(() =>
        {
            var options = CliSettings.Get<NearestImagesOptions>(CliSettings.Load());
            using var corpus = IndexCommand.OpenEmbeddings(parse.GetRequiredValue(embeddings));
            using var approximate = NearestImageIndex.Open(parse.GetRequiredValue(index).FullName, corpus, options);
            foreach (var centred in new[] { true, false })
                AnsiConsole.WriteLine(RecallCheck.Run(corpus, approximate, parse.GetValue(queries), parse.GetValue(top), centred, ct).ToString());
            return 0;
        })));
        return command;
    }
}
