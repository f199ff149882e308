using Microsoft.Extensions.Configuration;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Imaging;
using SaeExplorer.Core.Sae.Training;
using SaeExplorer.Data.Configuration;

namespace SaeExplorer.Cli;

/// <summary>The same appsettings.json the web app reads (at the installation root), then SAEX-style environment overrides.</summary>
public static class CliSettings
{
    public static IConfiguration Load() => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(SaexPaths.Root, "appsettings.json"), optional: true)
        .AddEnvironmentVariables()
        .Build();

    /// <summary>Encoder settings from appsettings, with the command's --model / --model-path on top.</summary>
    public static EncoderOptions Encoder(IConfiguration config, string? preset, FileInfo? modelPath)
    {
        var options = config.GetSection(EncoderOptions.SectionName).Get<EncoderOptions>() ?? new EncoderOptions();
        return options with { Preset = preset ?? options.Preset, ModelPath = modelPath?.FullName ?? options.ModelPath };
    }

    public static ImageLoader ImageLoader(IConfiguration config) =>
        new(config.GetSection(ImageLimits.SectionName).Get<ImageLimits>() ?? ImageLimits.Default);

    /// <summary>The trainer's settings (appsettings "Training"), as the web app's training stage reads them.</summary>
    public static TrainerOptions Training(IConfiguration config) =>
        config.GetSection(TrainerOptions.Section).Get<TrainerOptions>() ?? new TrainerOptions();
}
