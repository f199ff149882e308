using System.Globalization;
using SaeExplorer.Load;

// saex-load [--provider sqlite|postgres] [--writers 50] [--seconds 60]: a seeded workspace served on a loopback
// port, one labeller account and personal token per writer, every writer posting labels as fast as it is answered,
// then every acknowledged write counted back in the database. Prints one line of figures.
var provider = "sqlite";
int writers = 50, seconds = 60;
for (var i = 0; i + 1 < args.Length; i += 2)
    switch (args[i])
    {
        case "--provider": provider = args[i + 1]; break;
        case "--writers": writers = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--seconds": seconds = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }
if (provider is not ("sqlite" or "postgres") || writers < 1 || seconds < 1)
{
    Console.Error.WriteLine("usage: saex-load [--provider sqlite|postgres] [--writers N] [--seconds S]");
    return 2;
}

await using var target = await LoadTarget.StartAsync(provider);
var tokens = await target.LabellersAsync(writers);
Console.Error.WriteLine($"{provider}: {writers} writers for {seconds} s against {target.Address}");
var result = await LabelStorm.RunAsync(target.Address, tokens, TimeSpan.FromSeconds(seconds));
var stored = await target.StoredAsync(result.RunTag);
Console.WriteLine(result.Summary(provider, stored));
return result.Lost(stored) == 0 && StormResult.Duplicated(stored) == 0 && result.ServerErrors == 0 ? 0 : 1;
