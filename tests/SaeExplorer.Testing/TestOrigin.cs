using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SaeExplorer.Testing;

/// <summary>A small web server on 127.0.0.1 standing in for the sites that images are known by; counts requests per path.</summary>
public sealed class TestOrigin : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _hits;

    private TestOrigin(WebApplication app, ConcurrentDictionary<string, int> hits, Uri baseAddress)
    {
        _app = app;
        _hits = hits;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public string Url(string path) => new Uri(BaseAddress, path).AbsoluteUri;

    public int Hits(string path) => _hits.GetValueOrDefault(path);

    /// <param name="port">0 for any free port.</param>
    public static async Task<TestOrigin> StartAsync(Action<WebApplication> routes, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var hits = new ConcurrentDictionary<string, int>();
        app.Use((context, next) =>
        {
            hits.AddOrUpdate(context.Request.Path.Value ?? "", 1, (_, n) => n + 1);
            return next(context);
        });
        routes(app);
        await app.StartAsync();
        return new TestOrigin(app, hits, new Uri(app.Urls.Single()));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
