using MudBlazor.Services;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Imaging;
using SaeExplorer.Core.Indexing;
using SaeExplorer.Core.Sae.Training;
using SaeExplorer.Core.Settings;
using SaeExplorer.Data;
using SaeExplorer.Web.Services.Accounts;
using SaeExplorer.Web.Services.Encoders;
using SaeExplorer.Web.Services.Features;
using SaeExplorer.Web.Services.Images;
using SaeExplorer.Web.Services.Operations;
using SaeExplorer.Web.Services.Preparation;
using SaeExplorer.Web.Services.Rendering;
using SaeExplorer.Web.Services.Sae;
using SaeExplorer.Web.Services.ScaleOut;
using SaeExplorer.Web.Services.Security;
using SaeExplorer.Web.Services.Workspaces;

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
        services.AddProblemDetails();
        services.AddExceptionHandler<SaeExplorer.Web.Endpoints.ApiExceptionHandler>();
        // A query value that does not bind (take=abc) throws, so the 400 can name the parameter and the value.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // Enums as names in the JSON API (sort=MaxActivation), both ways.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));

        services.AddSaexOptions(config);

        // The database is needed before the container is built: Saex:DatabaseProvider and Saex:Database, checked here.
        var saex = config.GetSection(SaexOptions.Section).Get<SaexOptions>() ?? new SaexOptions();
        services.AddSaexDatabase(SaeExplorer.Data.Providers.DatabaseTarget.Of(saex));
        services.AddSaexScaleOut(saex);
        services.AddSaexOperations(config, saex);

        services.AddSingleton(sp => new ImageLoader(sp.GetRequiredService<ImageLimits>()));
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
        services.AddSaexAccounts(config);
        services.AddSaexRateLimits();
        services.AddSaexPageServices();
        services.AddSingleton<IPreparationStage, ImportCorpusStage>();
        services.AddSingleton<IPreparationStage, TrainSaeStage>();
        services.AddSingleton<IPreparationStage, LoadSaeStage>();
        services.AddSingleton<IPreparationStage, IndexFeaturesStage>();
        services.AddSingleton<IPreparationStage, NearestImagesStage>();
        services.AddSingleton<IPreparationStage, LabelFeaturesStage>();
        services.AddSingleton<IPreparationStage, IconsStage>();
        var vision = config.GetSection(SaeExplorer.Core.Labeling.Vision.VisionLabelOptions.Section).Get<SaeExplorer.Core.Labeling.Vision.VisionLabelOptions>();
        if (vision is { IsConfigured: true, InPreparation: true }) services.AddSingleton<IPreparationStage, VisionLabelStage>(); // optional, off by default
        services.AddHostedService<PreparationWorker>();
        return builder;
    }

    /// <summary>
    /// Every options section the pages and stages read, bound from its section and checked at start: the app binds its
    /// configuration, page tests a configuration of their own (empty but for what they set: the defaults).
    /// </summary>
    public static IServiceCollection AddSaexOptions(this IServiceCollection services, IConfiguration config)
    {
        services.AddSectionOptions<SaexOptions>(config);
        services.AddSectionOptions<EncoderOptions>(config);
        services.AddSectionOptions<ImageLimits>(config);
        services.AddSectionOptions<TrainerOptions>(config);
        services.AddSectionOptions<FeatureIndexOptions>(config);
        services.AddSectionOptions<SaeExplorer.Core.Rendering.Retrieval.Approximate.NearestImagesOptions>(config);
        services.AddSectionOptions<SaeExplorer.Core.Labeling.AutointerpOptions>(config);
        services.AddSectionOptions<SaeExplorer.Core.Labeling.Vision.VisionLabelOptions>(config);
        services.AddSectionOptions<RemoteImageOptions>(config);
        services.AddSaexRenderingOptions(config);
        services.AddSectionOptions<SaeExplorer.Core.Rendering.Icons.IconOptions>(config);
        services.AddSectionOptions<RateLimitOptions>(config);
        services.AddSectionOptions<SaeExplorer.Web.Services.Preparation.PreparationLeaseOptions>(config);
        return services;
    }

    /// <summary>
    /// The services pages, endpoints and stages share (caches, uploads, grouping), without options (<see
    /// cref="AddSaexOptions"/>), the database or the background worker: the app adds those around it, page tests a
    /// seeded database.
    /// </summary>
    public static IServiceCollection AddSaexPageServices(this IServiceCollection services)
    {
        services.AddSingleton<ThumbnailCache>();
        services.AddSingleton<RemoteImageFetcher>();
        services.AddSingleton<RemoteThumbnails>();
        services.AddSingleton<ThumbnailService>();
        services.AddSingleton<SaeModelCache>();
        services.AddSingleton<EncoderCache>();
        services.AddSingleton<ClipTextTowerCache>();
        services.AddSingleton<FeatureTextSearch>();
        services.AddSingleton<SaeExplorer.Core.Rendering.Retrieval.RowNormCache>();
        services.AddSingleton<SaeExplorer.Web.Services.Rendering.NearestImageIndexes>();
        services.AddSingleton<SaeExplorer.Web.Services.Uploads.UploadService>();
        services.AddSingleton<SaeExplorer.Web.Services.Grouping.ImageInspector>();
        services.AddSingleton<SaeExplorer.Web.Services.Grouping.GroupNeighbours>();
        services.AddSingleton<SaeExplorer.Web.Services.Grouping.GroupViewBuilder>();
        services.AddSingleton<SaeExplorer.Web.Services.Grouping.ImageGroupings>();
        services.AddSingleton<SaeExplorer.Web.Services.Grouping.ImageComparisons>();
        services.AddSingleton<SaeExplorer.Web.Services.Grouping.GroupPermalinks>();
        services.AddSingleton<SaeExplorer.Web.Services.Steering.ImageSteering>();
        services.AddSingleton<SaeExplorer.Web.Services.Steering.GroupSources>();
        services.AddSingleton<SaeExplorer.Web.Services.Steering.SteeringPermalinks>();
        services.AddScoped<SaeExplorer.Web.Services.Steering.SteeringRenders>();
        services.AddTransient<SaeExplorer.Web.Services.Steering.SteeringSession>(); // one per steering panel
        services.AddMemoryCache();
        services.AddSingleton<FeatureDensityCache>();
        services.AddSingleton<FeaturePages>();
        services.AddSingleton<PreparationState>();
        services.AddSingleton<PreparationQueue>();
        services.AddSingleton<AdminRole>();
        services.AddSingleton<WorkspaceImports>();
        services.AddSingleton<WorkspaceRemoval>();
        services.AddScoped<SaeExplorer.Web.Services.Pages.NotFoundReason>();
        services.AddSingleton<SaeExplorer.Web.Services.Live.LiveUpdates>();
        services.AddSingleton<SaeExplorer.Web.Services.Live.Presence>();
        services.AddScoped<SaeExplorer.Web.Services.Live.PresenceSession>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, SaeExplorer.Web.Services.Live.PresenceConnection>();
        services.AddMetrics();
        services.AddSingleton<LabelWriteCounter>();
        services.AddSingleton<SaeExplorer.Web.Services.Labels.LabelWrites>();
        services.AddSingleton<SaeExplorer.Web.Services.Labels.ListWrites>();
        services.AddTransient<SaeExplorer.Web.Services.Labels.LabelsPanelState>(); // one per labels panel
        services.AddHttpClient(); // the thumbnails' fetcher needs a factory in page tests too; the app names and configures its client
        services.AddSingleton<SaeExplorer.Web.Services.Autointerp.AutointerpRuns>();
        services.AddSingleton<SaeExplorer.Web.Services.Autointerp.HumanLabelScores>();
        services.AddSingleton<SaeExplorer.Web.Services.Autointerp.WorkspaceReports>();
        services.AddSingleton<SaeExplorer.Web.Services.Autointerp.VisionLabelling>();
        services.AddSingleton<SaeExplorer.Web.Services.Autointerp.VisionAsks>();
        services.AddSaexRendering();
        services.AddSingleton<SaeExplorer.Web.Services.Icons.FeatureIcons>();
        return services;
    }

    /// <summary>Migrates the database before the first request, so pages never see an old schema.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await SaexDatabase.MigrateAsync(app.Services);
        await app.Services.PrepareAccountsAsync();
    }
}
