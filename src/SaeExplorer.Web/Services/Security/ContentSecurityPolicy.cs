using System.Security.Cryptography;

namespace SaeExplorer.Web.Services.Security;

/// <summary>
/// The headers every response carries against injected script and framing: a Content-Security-Policy that lets scripts
/// come only from this site (plus the one inline import map Blazor writes, allowed by a per-request nonce), styles from
/// this site and inline (MudBlazor and Plotly set style attributes), images from anywhere over http(s) (corpus images
/// known only by URL are loaded by the browser), connections (the circuit's WebSocket) to this site only, no plugins,
/// no framing; and nosniff and a same-origin referrer policy.
/// </summary>
public static class ContentSecurityPolicy
{
    private const string NonceKey = "saex.csp-nonce";

    /// <summary>The policy for a response whose inline scripts carry <paramref name="nonce"/>.</summary>
    public static string For(string nonce) =>
        "default-src 'self'; " +
        $"script-src 'self' 'nonce-{nonce}'; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: blob: http: https:; " +
        "font-src 'self' data:; " +
        "connect-src 'self'; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "form-action 'self'; " +
        "frame-ancestors 'none'";

    /// <summary>The nonce of this response's inline scripts (the import map); the page writes it as their nonce attribute.</summary>
    public static string Nonce(HttpContext http)
    {
        if (http.Items[NonceKey] is string nonce) return nonce;
        nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        http.Items[NonceKey] = nonce;
        return nonce;
    }

    /// <summary>Adds the headers to every response, before anything else writes it.</summary>
    public static IApplicationBuilder UseContentSecurityPolicy(this IApplicationBuilder app) =>
        app.Use((http, next) =>
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = For(Nonce(http));
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            return next(http);
        });
}
