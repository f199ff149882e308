using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using SaeExplorer.Core.Settings;

namespace SaeExplorer.Testing;

/// <summary>
/// The real app (Identity, API, pages) over a <see cref="SeededWorkspace"/>'s database: no demo preparation, so it
/// starts in seconds with one ready workspace, for endpoint and browser tests of labels and accounts.
/// </summary>
public sealed class SeededApp(SeededWorkspace seeded) : WebApplicationFactory<Program>
{
    public SeededWorkspace Seeded { get; } = seeded;

    /// <summary>More settings ("Section:Key" = value), applied after the seeded ones.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(SaexPaths.Root);
        builder.UseEnvironment("Production");
        builder.UseSetting("Saex:DataDirectory", Seeded.Directory);
        builder.UseSetting("Saex:Database", Seeded.Options.Database);
        builder.UseSetting("Saex:DemoPack", "");
        builder.UseSetting("Saex:DemoWorkspace", SeededWorkspace.Name);
        builder.UseSetting("Saex:ImportRoots:0", Path.Combine(Seeded.Directory, "imports"));
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
    }

    /// <summary>Serves the app on a free loopback port (for a browser) and returns its base address.</summary>
    public Uri StartOnKestrel()
    {
        UseKestrel(0);
        StartServer();
        return ClientOptions.BaseAddress;
    }
}
