namespace SaeExplorer.Web.Services.Images;

/// <summary>
/// The "RemoteImages" section of appsettings.json: how the server fetches images known only by
/// web address to make their thumbnails. The byte limit is the one for every image (Images:MaxBytes).
/// </summary>
public sealed record RemoteImageOptions : Core.Settings.ISectionOptions
{
    public static string Section => "RemoteImages";

    /// <summary>False on a server that must not reach the web: such images then show in the browser only.</summary>
    public bool Enabled { get; init; } = true;
    /// <summary>For one whole fetch: connecting, redirects and the body.</summary>
    [System.ComponentModel.DataAnnotations.Range(0.1, 600)]
    public double TimeoutSeconds { get; init; } = 5;
    /// <summary>How long a failed address is answered from memory before it is tried again.</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 1e6)]
    public double RetryDeadAfterMinutes { get; init; } = 60;
    [System.ComponentModel.DataAnnotations.Range(0, 20)]
    public int MaxRedirects { get; init; } = 5;
    /// <summary>Whether corpus URLs may point at loopback, private or link-local addresses (off: see PublicAddressConnector).</summary>
    public bool AllowPrivateAddresses { get; init; }
}
