using System.ClientModel.Primitives;
using System.Globalization;

namespace SaeExplorer.Core.Labeling.Vision;

/// <summary>
/// When to try a chat request again and how long to wait first: on 408, 429, any 5xx or a lost connection, the server's
/// own Retry-After (seconds or an HTTP date; OpenAI's retry-after-ms first), else an exponential backoff from
/// <see cref="VisionLabelOptions.RetryBaseSeconds"/>, doubled per try; never longer than <see cref="VisionLabelOptions.MaxRetryDelaySeconds"/>.
/// </summary>
public static class VisionRetries
{
    /// <summary>Status 0 is a request that got no response at all (refused connection, reset).</summary>
    public static bool Retryable(int status) => status is 0 or 408 or 429 or >= 500;

    public static TimeSpan Delay(VisionLabelOptions options, int retry, TimeSpan? retryAfter)
    {
        var wait = retryAfter ?? TimeSpan.FromSeconds(options.RetryBaseSeconds * Math.Pow(2, retry));
        var cap = TimeSpan.FromSeconds(options.MaxRetryDelaySeconds);
        return wait > cap ? cap : wait;
    }

    /// <summary>The wait the response asks for, if any.</summary>
    public static TimeSpan? RetryAfter(PipelineResponse? response, DateTimeOffset now)
    {
        if (response is null) return null;
        if (response.Headers.TryGetValue("retry-after-ms", out var ms)
            && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds >= 0)
            return TimeSpan.FromMilliseconds(milliseconds);
        if (!response.Headers.TryGetValue("Retry-After", out var value) || string.IsNullOrWhiteSpace(value)) return null;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            return seconds >= 0 ? TimeSpan.FromSeconds(seconds) : null;
        return DateTimeOffset.TryParseExact(value.Trim(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? (at > now ? at - now : TimeSpan.Zero)
            : null;
    }
}
