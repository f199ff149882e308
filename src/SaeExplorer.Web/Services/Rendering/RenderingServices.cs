using Microsoft.Extensions.DependencyInjection.Extensions;
using SaeExplorer.Core.Rendering.Kandinsky;
using SaeExplorer.Web.Extensions;

namespace SaeExplorer.Web.Services.Rendering;

/// <summary>Wires the render service: options from "Render" and "Kandinsky", the renderer choice, one worker per
/// device, the cache, and the scoped <see cref="RenderSession"/> that pages inject.</summary>
public static class RenderingServices
{
    /// <summary>Both sections, bound and checked at start (a bad value stops the app naming its key).</summary>
    public static IServiceCollection AddSaexRenderingOptions(this IServiceCollection services, IConfiguration config)
    {
        services.AddSectionOptions<RenderOptions>(config);
        services.AddSectionOptions<KandinskyOptions>(config);
        return services;
    }

    /// <summary>The services, over the options <see cref="AddSaexRenderingOptions"/> bound.</summary>
    public static IServiceCollection AddSaexRendering(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddSingleton<IRendererSource, RendererChoice>();
        services.AddSingleton<RenderWorkers>();
        services.AddSingleton<RenderCache>();
        services.AddScoped<RenderSession>();
        return services;
    }
}
