using Microsoft.Extensions.Configuration;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Imaging;
using SaeExplorer.Core.Settings;

namespace SaeExplorer.Cli;

/// <summary>The same appsettings.json the web app reads (at the installation root), then SAEX-style environment overrides.</summary>
public static class CliSettings
{
    public static IConfiguration Load() => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(SaexPaths.Root, "appsettings.json"), optional: true)
        .AddEnvironmentVariables()
        .Build();

    /// <summary>An options record from its own section, checked as the web app checks it at start (the error names the key).</summary>
    /// <exception cref="ArgumentException">A value is out of its range.</exception>
    public static T Get<T>(IConfiguration config) where T : class, ISectionOptions, new() =>
        OptionsCheck.Checked(config.GetSection(T.Section).Get<T>() ?? new T());

    /// <summary>Encoder settings from appsettings, with the command's --model / --model-path on top.</summary>
    public static EncoderOptions Encoder(IConfiguration config, string? preset, FileInfo? modelPath)
    {
        var options = Get<EncoderOptions>(config);
        return OptionsCheck.Checked(options with { Preset = preset ?? options.Preset, ModelPath = modelPath?.FullName ?? options.ModelPath });
    }

    public static ImageLoader ImageLoader(IConfiguration config) => new(Get<ImageLimits>(config));
}
