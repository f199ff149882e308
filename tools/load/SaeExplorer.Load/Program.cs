using System.Globalization;
using SaeExplorer.Load;

// saex-load [--provider sqlite|postgres] [--writers 50] [--seconds 60]: a seeded workspace served on a loopback
// port, one labeller account and personal token per writer, every writer posting labels as fast as it is answered,
// then every acknowledged write counted back in the database. Prints one line of figures.
// saex-load --wrk SECONDS [--connections 32] [--address URL --workspace NAME]: HTTP load with wrk on the feature API,
// an image's groups and both searches, of the seeded workspace or of a running app; one line per URL.
var provider = "sqlite";
int writers = 50, seconds = 60, wrkSeconds = 0, connections = 32;
string? address = null, workspace = null;
for (var i = 0; i + 1 < args.Length; i += 2)
    switch (args[i])
    {
        case "--provider": provider = args[i + 1]; break;
        case "--writers": writers = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--seconds": seconds = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--wrk": wrkSeconds = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--connections": connections = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--address": address = args[i + 1]; break;
        case "--workspace": workspace = args[i + 1]; break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }
if (provider is not ("sqlite" or "postgres") || writers < 1 || seconds < 1)
{
    Console.Error.WriteLine("usage: saex-load [--provider sqlite|postgres] [--writers N] [--seconds S]");
    return 2;
}

if (wrkSeconds > 0)
{
    if (address is not null) return await HttpLoad.RunAsync(new Uri(address), workspace ?? "demo", wrkSeconds, connections);
    await using var served = await LoadTarget.StartAsync(provider);
    return await HttpLoad.RunAsync(served.Address, SaeExplorer.Testing.SeededWorkspace.Name, wrkSeconds, connections);
}

await using var target = await LoadTarget.StartAsync(provider);
var tokens = await target.LabellersAsync(writers);
Console.Error.WriteLine($"{provider}: {writers} writers for {seconds} s against {target.Address}");
var result = await LabelStorm.RunAsync(target.Address, tokens, TimeSpan.FromSeconds(seconds));
var stored = await target.StoredAsync(result.RunTag);
Console.WriteLine(result.Summary(provider, stored));
return result.Lost(stored) == 0 && StormResult.Duplicated(stored) == 0 && result.ServerErrors == 0 ? 0 : 1;
