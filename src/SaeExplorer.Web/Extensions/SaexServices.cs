using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Imaging;
using SaeExplorer.Core.Indexing;
using SaeExplorer.Core.Sae.Training;
using SaeExplorer.Data;
using SaeExplorer.Data.Configuration;
using SaeExplorer.Web.Services.Images;
using SaeExplorer.Web.Services.Preparation;
using SaeExplorer.Web.Services.Sae;

namespace SaeExplorer.Web.Extensions;

/// <summary>The one place that wires the app's services.</summary>
public static class SaexServices
{
    public static WebApplicationBuilder AddSaexServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddOpenApi();
        // Enums as names in the JSON API (sort=MaxActivation), both ways.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));

        services.Configure<SaexOptions>(config.GetSection(SaexOptions.Section));
        services.Configure<EncoderOptions>(config.GetSection(EncoderOptions.SectionName));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<SaexOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<EncoderOptions>>().Value);
        services.AddSingleton(new ImageLoader(config.GetSection(ImageLimits.SectionName).Get<ImageLimits>() ?? ImageLimits.Default));
        services.AddSingleton(config.GetSection("Training").Get<TrainerOptions>() ?? new TrainerOptions());
        services.AddSingleton(config.GetSection("Indexing").Get<FeatureIndexOptions>() ?? new FeatureIndexOptions());

        var saex = config.GetSection(SaexOptions.Section).Get<SaexOptions>() ?? new SaexOptions();
        services.AddSaexDatabase(SaexPaths.Resolve(saex.Database));

        services.Configure<RemoteImageOptions>(config.GetSection(RemoteImageOptions.Section));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<RemoteImageOptions>>().Value);
        services.AddHttpClient(RemoteImageFetcher.ClientName, client =>
            {
                client.DefaultRequestHeaders.UserAgent.ParseAdd("SaeExplorer/1.0 (thumbnails)");
                client.DefaultRequestHeaders.Accept.ParseAdd("image/*");
            })
            // Redirects are followed by the fetcher, which checks every target's scheme.
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false, UseCookies = false, AutomaticDecompression = System.Net.DecompressionMethods.All,
                ConnectCallback = PublicAddressConnector.Create(sp.GetRequiredService<RemoteImageOptions>().AllowPrivateAddresses),
            });
        services.AddSingleton<ThumbnailCache>();
        services.AddSingleton<RemoteImageFetcher>();
        services.AddSingleton<RemoteThumbnails>();
        services.AddSingleton<ThumbnailService>();
        services.AddSingleton<SaeModelCache>();
        services.AddMemoryCache();
        services.AddSingleton<SaeExplorer.Web.Services.Features.FeatureDensityCache>();
        services.AddSingleton<PreparationState>();
        services.AddSingleton<PreparationQueue>();
        services.AddSingleton<SaeExplorer.Web.Services.Workspaces.WorkspaceImports>();
        services.AddSingleton<SaeExplorer.Web.Services.Workspaces.WorkspaceRemoval>();
        services.AddSingleton<IPreparationStage, EncodeDemoPackStage>();
        services.AddSingleton<IPreparationStage, ImportCorpusStage>();
        services.AddSingleton<IPreparationStage, TrainSaeStage>();
        services.AddSingleton<IPreparationStage, IndexFeaturesStage>();
        services.AddHostedService<PreparationWorker>();
        return builder;
    }

    /// <summary>Migrates the database before the first request, so pages never see an old schema.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<SaexDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        await SaexDatabase.MigrateAsync(db);
    }
}
