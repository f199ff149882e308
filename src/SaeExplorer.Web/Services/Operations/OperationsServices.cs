using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using SaeExplorer.Core.Settings;
using SaeExplorer.Web.Extensions;

namespace SaeExplorer.Web.Services.Operations;

/// <summary>
/// What operators read: /healthz (one JSON report of several named checks: the database, the encoder, the SAE files,
/// Kandinsky, the render queue and Redis when configured; 200 while healthy or degraded, 503 when unhealthy) and,
/// unless Operations:MetricsPath is empty, OpenTelemetry metrics scraped by Prometheus (ASP.NET Core's request
/// latency and the app's SaeExplorer.* meters). JSON logs need no code: Logging:Console:FormatterName = json.
/// </summary>
public static class OperationsServices
{
    public const string HealthPath = "/healthz";

    /// <summary>Meters of the app's own instruments (render queue, preparation progress, label writes).</summary>
    public const string Meters = "SaeExplorer.*";

    public static IServiceCollection AddSaexOperations(this IServiceCollection services, IConfiguration config, SaexOptions saex)
    {
        services.AddSectionOptions<OperationsOptions>(config);
        var health = services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<EncoderHealthCheck>("encoder")
            .AddCheck<SaeFilesHealthCheck>("sae-files")
            .AddCheck<KandinskyHealthCheck>("kandinsky")
            .AddCheck<RenderQueueHealthCheck>("render-queue");
        if (!string.IsNullOrWhiteSpace(saex.Redis)) health.AddCheck<RedisHealthCheck>("redis");

        var options = config.GetSection(OperationsOptions.Section).Get<OperationsOptions>() ?? new OperationsOptions();
        if (string.IsNullOrEmpty(options.MetricsPath)) return services;
        services.AddSingleton<RenderGauges>();
        services.AddSingleton<PreparationGauges>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddMeter(Meters)
            // Each scrape reads the series now: the exporter's default 300 ms cache would answer a scrape right after a
            // request with the numbers from before it.
            .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
        return services;
    }

    public static WebApplication MapSaexOperations(this WebApplication app)
    {
        app.MapHealthChecks(HealthPath, new HealthCheckOptions { ResponseWriter = HealthReportJson.WriteAsync });
        var options = app.Services.GetRequiredService<OperationsOptions>();
        if (string.IsNullOrEmpty(options.MetricsPath)) return app;
        // The gauges read their sources when scraped; made now, so their series exist from the first scrape.
        app.Services.GetRequiredService<RenderGauges>();
        app.Services.GetRequiredService<PreparationGauges>();
        app.MapPrometheusScrapingEndpoint(options.MetricsPath);
        return app;
    }
}
