using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace SaeExplorer.Web.Services.Security;

/// <summary>
/// ASP.NET Core rate limiting for API writes and uploads, one token bucket per user (<see cref="RateLimitOptions"/>):
/// a request over the limit is answered 429 with problem details that say which limit and when to try again
/// (Retry-After). Endpoints opt in through their policy name.
/// </summary>
public static class RateLimits
{
    /// <summary>Label, vote, comment, list and import writes.</summary>
    public const string Writes = "writes";

    /// <summary>Image uploads.</summary>
    public const string Uploads = "uploads";

    /// <summary>The two policies, reading <see cref="RateLimitOptions"/> (bound and checked with the other sections).</summary>
    public static IServiceCollection AddSaexRateLimits(this IServiceCollection services) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Writes, http => Bucket(http, Options(http).WriteBurst, Options(http).WritesPerMinute));
            limiter.AddPolicy(Uploads, http => Bucket(http, Options(http).UploadBurst, Options(http).UploadsPerMinute));
            limiter.OnRejected = (context, ct) => RejectAsync(context, Options(context.HttpContext), ct);
        });

    private static RateLimitOptions Options(HttpContext http) => http.RequestServices.GetRequiredService<RateLimitOptions>();

    /// <summary>The user's bucket: by account when signed in (all their tokens and cookies share it), else by address.</summary>
    private static RateLimitPartition<string> Bucket(HttpContext http, int burst, int perMinute) =>
        RateLimitPartition.GetTokenBucketLimiter(Partition(http), _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) / perMinute,
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    public static string Partition(HttpContext http) =>
        http.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } user
            ? "user:" + user
            : "address:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    private static async ValueTask RejectAsync(OnRejectedContext context, RateLimitOptions options, CancellationToken ct)
    {
        var http = context.HttpContext;
        var uploads = http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == Uploads;
        var (what, burst, perMinute, key) = uploads
            ? ("uploads", options.UploadBurst, options.UploadsPerMinute, "RateLimits:UploadsPerMinute")
            : ("writes", options.WriteBurst, options.WritesPerMinute, "RateLimits:WritesPerMinute");
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromMinutes(1) / perMinute;
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests",
                Detail = $"Too many {what}: one user may make {burst} at once and {perMinute} a minute ({key}). Try again in {seconds} s.",
            },
        });
    }
}
