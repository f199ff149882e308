using System.ComponentModel.DataAnnotations;
using SaeExplorer.Core.Settings;

namespace SaeExplorer.Web.Services.Security;

/// <summary>
/// The "RateLimits" section: how fast one user (by account, whichever token or cookie they use; by address when
/// nobody is signed in) may write through the API and upload images. Each is a token bucket: a burst at once, then
/// one more every 60 / per-minute seconds. Renders have their own per-user bucket (Render:RequestsPerSecond).
/// </summary>
public sealed record RateLimitOptions : ISectionOptions
{
    public static string Section => "RateLimits";

    /// <summary>Label, vote, comment, list and import writes a minute, sustained.</summary>
    [Range(1, 1_000_000)]
    public int WritesPerMinute { get; init; } = 600;

    /// <summary>Writes one user may make at once before the per-minute rate applies.</summary>
    [Range(1, 1_000_000)]
    public int WriteBurst { get; init; } = 120;

    /// <summary>Image uploads a minute, sustained.</summary>
    [Range(1, 1_000_000)]
    public int UploadsPerMinute { get; init; } = 30;

    /// <summary>Uploads one user may make at once.</summary>
    [Range(1, 1_000_000)]
    public int UploadBurst { get; init; } = 10;
}
