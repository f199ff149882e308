using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using SaeExplorer.Core.Settings;
using SaeExplorer.Web.Services.Live;
using StackExchange.Redis;

namespace SaeExplorer.Web.Services.ScaleOut;

/// <summary>
/// Several app instances behind one address, turned on by Saex:Redis (unset: one instance, nothing here is added). Each
/// instance shares through Redis: live notices and presence (so a page on one instance hears a label written on
/// another), the SignalR hub traffic (the Redis backplane), and the data protection key ring under one application
/// name (so a sign-in cookie made by one instance is read by all). Each keeps its own render queue, since the GPU it
/// renders on belongs to its process. Blazor Server circuits live in one process: the balancer must keep each browser on
/// its instance (sticky sessions, see docs/operations.md).
/// </summary>
public static class ScaleOutServices
{
    /// <summary>The data protection application name every instance shares (cookies and antiforgery tokens read everywhere).</summary>
    public const string ApplicationName = "SaeExplorer";

    public static IServiceCollection AddSaexScaleOut(this IServiceCollection services, SaexOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Redis)) return services;
        services.AddSingleton<RedisConnection>();
        services.AddSingleton<IPresenceShare, RedisPresenceShare>();
        services.AddHostedService<RedisLiveRelay>();
        services.AddHostedService<PresenceHeartbeat>();
        services.AddSignalR().AddStackExchangeRedis();
        KeepBlazorCircuitsLocal(services);
        services.AddOptions<RedisOptions>().Configure<RedisConnection>((o, redis) =>
        {
            o.Configuration.ChannelPrefix = RedisChannel.Literal(RedisConnection.Prefix + "signalr");
            o.ConnectionFactory = _ => Task.FromResult(redis.Multiplexer);
        });
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddOptions<KeyManagementOptions>().Configure<RedisConnection>((o, redis) =>
            o.XmlRepository = new RedisXmlRepository(redis.Database, DataProtectionKey));
        return services;
    }

    public static readonly RedisKey DataProtectionKey = RedisConnection.Prefix + "data-protection-keys";

    /// <summary>
    /// Blazor's own hub (every page's circuit) stays on the in-process lifetime manager: a circuit lives in one process and
    /// its messages go to its own connection only, which the backplane would carry nowhere, while on the backplane every
    /// new page would fail to connect for as long as Redis is down. A closed registration wins over the open one.
    /// </summary>
    private static void KeepBlazorCircuitsLocal(IServiceCollection services)
    {
        var circuits = typeof(Microsoft.AspNetCore.Components.Server.CircuitOptions).Assembly
            .GetType("Microsoft.AspNetCore.Components.Server.ComponentHub", throwOnError: true)!;
        services.AddSingleton(typeof(HubLifetimeManager<>).MakeGenericType(circuits), typeof(DefaultHubLifetimeManager<>).MakeGenericType(circuits));
    }
}
