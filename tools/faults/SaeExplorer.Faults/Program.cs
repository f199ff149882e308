using System.Diagnostics;
using System.Globalization;
using SaeExplorer.Faults;
using SaeExplorer.Load;
using SaeExplorer.Testing;

// saex-faults --web PATH/SaeExplorer.Web.dll [--images 480] [--writers 20] [--storm-seconds 30]: the app as its own
// process on a tiny pack, killed with SIGKILL part of the way through each preparation stage (import, training,
// indexing, icons) and in the middle of a storm of label writes, started again each time. Then: every stage finished,
// every acknowledged label is stored once, no row is doubled, PRAGMA integrity_check says ok. Last, the database on a
// small tmpfs that fills up under the app (FullDisk). One line per fault; exit 1 when a check fails.
string? web = null;
int images = 480, writers = 20, stormSeconds = 30;
for (var i = 0; i + 1 < args.Length; i += 2)
    switch (args[i])
    {
        case "--web": web = args[i + 1]; break;
        case "--images": images = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--writers": writers = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--storm-seconds": stormSeconds = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }
if (web is null || !File.Exists(web))
{
    Console.Error.WriteLine("usage: saex-faults --web PATH/SaeExplorer.Web.dll [--images N] [--writers N] [--storm-seconds S]");
    return 2;
}

var folder = Directory.CreateTempSubdirectory("saex-faults-").FullName;
var clock = Stopwatch.StartNew();
var problems = new List<string>();
try
{
    var pack = TinyPack.Write(Path.Combine(folder, "pack"), images);
    using var app = new AppProcess(Path.GetFullPath(web), Path.Combine(folder, "data"), pack, FreePort());
    Directory.CreateDirectory(Path.Combine(folder, "data"));
    await app.StartAsync(CancellationToken.None);
    var kills = await StageKills.RunAsync(app, [("import the corpus", 0.25), ("train SAE", 0.25), ("index features", 0.25), ("draw feature icons", 0.25)],
        CancellationToken.None);
    await ReadyAsync(app);

    using var checks = new DatabaseChecks(app.Database);
    var tokens = await checks.LabellerTokensAsync(writers);
    var storm = LabelStorm.RunAsync(app.Address, tokens, TimeSpan.FromSeconds(stormSeconds), "demo", await checks.DSaeAsync());
    await Task.Delay(TimeSpan.FromSeconds(stormSeconds / 3.0));
    app.Kill();
    Console.WriteLine($"killed the app (SIGKILL) {stormSeconds / 3.0:F0} s into a storm of label writes by {writers} labellers");
    await app.StartAsync(CancellationToken.None);
    var result = await storm;
    await app.StopAsync();

    var stored = await checks.StoredAsync(result.RunTag);
    Console.WriteLine(result.Summary("label storm across a SIGKILL", stored));
    if (result.Lost(stored) > 0) problems.Add($"{result.Lost(stored)} acknowledged label writes lost");
    if (StormResult.Duplicated(stored) > 0) problems.Add($"{StormResult.Duplicated(stored)} label writes stored twice");
    if (result.ServerErrors > 0) problems.Add($"{result.ServerErrors} label writes answered 5xx");
    if (result.Acked.Count == 0) problems.Add("no label write was acknowledged");
    problems.AddRange(await checks.RowProblemsAsync(images));
    var integrity = checks.IntegrityCheck();
    Console.WriteLine($"PRAGMA integrity_check: {integrity}");
    if (integrity != "ok") problems.Add($"integrity_check: {integrity}");

    // The same database on a small disk that fills up under the running app.
    var sizeMb = (int)(new FileInfo(app.Database).Length / (1 << 20)) + 16;
    using (var disk = new FullDisk(Path.Combine(folder, "disk"), sizeMb))
    {
        disk.Mount();
        var onDisk = Path.Combine(folder, "disk", "saex.db");
        File.Copy(app.Database, onDisk);
        app.Database = onDisk;
        await app.StartAsync(CancellationToken.None);
        var tag = $"disk-{Guid.NewGuid():N}"[..13];
        var outcome = await disk.WriteAcrossAsync(app, tokens[0], tag);
        await app.StopAsync();
        using var diskChecks = new DatabaseChecks(onDisk);
        var kept = await diskChecks.StoredAsync(tag);
        var diskIntegrity = diskChecks.IntegrityCheck();
        Console.WriteLine($"full disk ({sizeMb} MB tmpfs): {outcome.AckedBefore} writes before it filled, {outcome.RefusedFull} refused with 507 " +
                          $"(\"{outcome.RefusalDetail}\"), {outcome.ReadsWhileFull} reads answered meanwhile, {outcome.AckedAfter} written after space was freed; " +
                          $"stored {kept.Count} of {outcome.Acked.Count} acknowledged; integrity_check: {diskIntegrity}");
        if (outcome.RefusedFull == 0) problems.Add("no write was refused on the full disk");
        if (outcome.ReadsWhileFull < outcome.RefusedFull) problems.Add("reads failed while the disk was full");
        if (outcome.AckedAfter < 20) problems.Add($"only {outcome.AckedAfter} of 20 writes went through after space was freed");
        if (outcome.Acked.Except(kept.Select(k => k.Id)).Any() || kept.Count != kept.Select(k => k.Text).Distinct().Count())
            problems.Add("an acknowledged write on the full disk was lost or doubled");
        if (diskIntegrity != "ok") problems.Add($"integrity_check after the full disk: {diskIntegrity}");
    }
    Console.WriteLine($"faults survived: {kills.Count} SIGKILLs in preparation stages ({string.Join(", ", kills.Select(k => k.Stage))}) and 1 in a label storm; " +
                      $"{app.Starts} starts in {clock.Elapsed.TotalSeconds:F0} s");
}
catch (Exception e) when (e is TimeoutException or InvalidOperationException or HttpRequestException or IOException)
{
    problems.Add(e.Message);
}
foreach (var problem in problems) Console.WriteLine($"FAIL: {problem}");
if (problems.Count == 0) Directory.Delete(folder, recursive: true);
else Console.WriteLine($"files kept in {folder}");
return problems.Count == 0 ? 0 : 1;

static int FreePort()
{
    using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    listener.Start();
    return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
}

static async Task ReadyAsync(AppProcess app)
{
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed < TimeSpan.FromMinutes(10))
    {
        if (await app.WorkspaceAsync(CancellationToken.None) is { } ws)
        {
            if (ws.GetProperty("ready").GetBoolean()) return;
            if (ws.GetProperty("error").GetString() is { } error) throw new InvalidOperationException($"preparation failed: {error}");
        }
        await Task.Delay(250);
    }
    throw new TimeoutException("the workspace was not ready within 10 minutes of the last restart");
}
