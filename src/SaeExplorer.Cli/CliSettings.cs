using Microsoft.Extensions.Configuration;
using SaeExplorer.Data.Configuration;

namespace SaeExplorer.Cli;

/// <summary>The same appsettings.json the web app reads (at the installation root), then SAEX-style environment overrides.</summary>
public static class CliSettings
{
    public static IConfiguration Load() => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(SaexPaths.Root, "appsettings.json"), optional: true)
        .AddEnvironmentVariables()
        .Build();
}
