using System.CommandLine;
using System.Diagnostics;
using SaeExplorer.Scale;

// saex-scale generate: the synthetic corpus (clip-retrieval layout) and SAE (.pth and SAELens) of the scale run;
// saex-scale watch / pages: the workspace made from them, followed through the running app's preparation, then its pages timed.
var outDir = new Option<DirectoryInfo>("--out") { Description = "Folder for corpus/ (img_emb/, metadata/), sae.pth and saelens/.", Required = true };
var rows = new Option<long>("--rows") { Description = "Corpus rows.", DefaultValueFactory = _ => 1_000_000 };
var features = new Option<int>("--features") { Description = "SAE features (atoms).", DefaultValueFactory = _ => 81_920 };
var dimension = new Option<int>("--dim") { Description = "Embedding width.", DefaultValueFactory = _ => 1280 };
var active = new Option<int>("--active") { Description = "Atoms mixed into each row.", DefaultValueFactory = _ => 64 };
var shardRows = new Option<int>("--shard-rows") { Description = "Rows per img_emb_N.npy shard.", DefaultValueFactory = _ => 100_000 };
var seed = new Option<ulong>("--seed") { Description = "Seed: the same seed and sizes write the same bytes.", DefaultValueFactory = _ => 2024 };
var generate = new Command("generate", "Write the synthetic corpus and SAE.") { outDir, rows, features, dimension, active, shardRows, seed };
generate.SetAction(async (parse, ct) =>
{
    var spec = new ScaleSpec(parse.GetValue(rows), parse.GetValue(features), parse.GetValue(dimension), parse.GetValue(active),
        parse.GetValue(shardRows), parse.GetValue(seed));
    spec.Validate();
    string folder = parse.GetRequiredValue(outDir).FullName;
    var clock = Stopwatch.StartNew();
    Console.WriteLine($"{spec.Rows:N0} rows x {spec.Dimension} in {spec.ShardCount} shards, SAE {spec.Features:N0} features, {spec.ActivePerRow} atoms per row, expected L0 about {spec.ExpectedL0:F0}");
    var dictionary = new SyntheticDictionary(spec);
    var (pth, saeLens) = SyntheticSae.Write(dictionary, folder);
    Console.WriteLine($"{clock.Elapsed:hh\\:mm\\:ss} wrote {pth} and {saeLens}");
    var last = TimeSpan.Zero;
    await SyntheticCorpusWriter.WriteAsync(dictionary, Path.Combine(folder, "corpus"), done =>
    {
        if (clock.Elapsed - last < TimeSpan.FromSeconds(10) && done < spec.Rows) return;
        last = clock.Elapsed;
        Console.WriteLine($"{clock.Elapsed:hh\\:mm\\:ss} {done:N0}/{spec.Rows:N0} rows, {done / clock.Elapsed.TotalSeconds:N0} rows/s");
    }, ct);
    Console.WriteLine($"{clock.Elapsed:hh\\:mm\\:ss} wrote {Path.Combine(folder, "corpus")}");
    return 0;
});
var app = new Option<Uri>("--app")
{
    Description = "The running app's address.", Required = true,
    CustomParser = r => new Uri(r.Tokens.Single().Value, UriKind.Absolute),
};
var workspace = new Option<string>("--workspace") { Description = "The workspace's name.", Required = true };
var pid = new Option<int>("--pid") { Description = "The app's process id, to read its private memory.", Required = true };
var watch = new Command("watch", "Follow a workspace's preparation in the running app until it is ready: per stage, wall time and the app's peak RssAnon.")
    { app, workspace, pid };
watch.SetAction(async (parse, ct) =>
    await PreparationWatch.RunAsync(parse.GetRequiredValue(app), parse.GetRequiredValue(workspace), parse.GetValue(pid), ct) is null ? 1 : 0);
var samples = new Option<int>("--samples") { Description = "Requests timed per kind of page.", DefaultValueFactory = _ => 200 };
var pages = new Command("pages", "Time a prepared workspace's pages (p50, p95, max against the targets); exit 1 when one misses.")
    { app, workspace, samples, seed };
pages.SetAction(async (parse, ct) =>
{
    var timings = await PageTimings.RunAsync(parse.GetRequiredValue(app), parse.GetRequiredValue(workspace), parse.GetValue(samples), (int)parse.GetValue(seed), ct);
    return timings.All(t => t.Meets) ? 0 : 1;
});
var root = new RootCommand("Synthetic data of the paper's scale for SAE Explorer's scale run.") { generate, watch, pages };
return await root.Parse(args).InvokeAsync();
