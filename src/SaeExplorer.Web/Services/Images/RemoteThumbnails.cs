using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using SaeExplorer.Core.Imaging;

namespace SaeExplorer.Web.Services.Images;

/// <summary>
/// Thumbnails of images known only by web address. The first request fetches the image once
/// (concurrent requests for the same address share that fetch), makes every tile size and caches
/// them on disk under a hash of the address. A failure is remembered for a while, so a dead link
/// costs one attempt per window rather than one per page view.
/// </summary>
public sealed class RemoteThumbnails(
    RemoteImageFetcher fetcher, ImageLoader loader, ThumbnailCache cache,
    RemoteImageOptions options, IHostApplicationLifetime lifetime, ILogger<RemoteThumbnails> log) : IDisposable
{
    /// <summary>Dead links remembered at most: a corpus of millions of dead URLs must not grow memory without end (the oldest are just tried again).</summary>
    public const int MaxDeadLinks = 100_000;

    private readonly ConcurrentDictionary<string, Lazy<Task<Fetched>>> _inFlight = new();
    private readonly MemoryCache _dead = new(new MemoryCacheOptions { SizeLimit = MaxDeadLinks });

    private sealed record Fetched(IReadOnlyDictionary<int, byte[]>? Jpegs, string? Problem);

    /// <summary>The cache key of an address: a hash, so any URL makes a safe file name (images known by URL may have no content hash).</summary>
    public static string Key(Uri url) => "url-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url.AbsoluteUri)));

    /// <summary>The JPEG at a snapped tile size, or why there is none.</summary>
    public async Task<(byte[]? Jpeg, string? Problem)> GetAsync(Uri url, int size, CancellationToken ct)
    {
        var key = Key(url);
        if (await cache.ReadAsync(key, size, ct) is { } cached) return (cached, null);
        if (!options.Enabled) return (null, "this server does not fetch web images (RemoteImages:Enabled is false)");
        if (_dead.TryGetValue(key, out string? dead)) return (null, dead);

        // Lazy: GetOrAdd may call its factory twice under a race, but only one Value ever runs.
        var fetch = _inFlight.GetOrAdd(key, k => new Lazy<Task<Fetched>>(() => FetchAsync(url, k)));
        var fetched = await fetch.Value.WaitAsync(ct);
        return fetched.Jpegs is { } jpegs ? (jpegs[size], null) : (null, fetched.Problem);
    }

    // Shared by every waiting request, so it runs to the app's end, not to one request's.
    private async Task<Fetched> FetchAsync(Uri url, string key)
    {
        var ct = lifetime.ApplicationStopping;
        try
        {
            var bytes = await fetcher.FetchAsync(url, ct);
            Dictionary<int, byte[]> jpegs;
            using (var image = loader.Load(bytes, url.AbsoluteUri))
                jpegs = Thumbnailer.Sizes.ToDictionary(s => s, s => Thumbnailer.Jpeg(image, s));
            await StoreAsync(key, jpegs, ct);
            return new Fetched(jpegs, null);
        }
        catch (Exception e) when (e is RemoteImageException or ImageRejectedException)
        {
            var reason = e is ImageRejectedException rejected ? rejected.Reason : e.Message;
            if (options.RetryDeadAfterMinutes > 0)
                _dead.Set(key, reason, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(options.RetryDeadAfterMinutes) });
            log.LogDebug("Web image {Url} is unavailable: {Reason}", url, reason);
            return new Fetched(null, reason);
        }
        finally
        {
            // After the cache or the dead mark is in place, so no request slips between them.
            _inFlight.TryRemove(key, out _);
        }
    }

    private async Task StoreAsync(string key, Dictionary<int, byte[]> jpegs, CancellationToken ct)
    {
        try
        {
            foreach (var (size, jpeg) in jpegs) await cache.WriteAsync(key, size, jpeg, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The thumbnails are still served; only the next request will fetch again.
            log.LogWarning(e, "Could not cache the thumbnails of a web image");
        }
    }

    public void Dispose() => _dead.Dispose();
}
