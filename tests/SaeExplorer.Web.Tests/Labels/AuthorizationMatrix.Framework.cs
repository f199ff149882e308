namespace SaeExplorer.Web.Tests.Labels;

/// <summary>
/// The matrix's rows for what the framework maps: the build's static files (one row for all of them), the fallback
/// for a file that is not there, Blazor's circuit endpoints, and the operations endpoints a load balancer and Prometheus
/// read without signing in. Open to everyone, who gets the same answer.
/// </summary>
public static partial class AuthorizationMatrix
{
    /// <summary>The key every static file endpoint (MapStaticAssets) is counted under.</summary>
    public const string StaticFiles = "GET (static files)";

    private static readonly IReadOnlyList<MatrixEntry> Framework =
    [
        new HttpCase("GET", "(static files)", Allowed.Anyone, (f, r) => f.CookieClient(r).GetAsync("/_content/MudBlazor/MudBlazor.min.css"), Through: 200),
        Get("{**path:file}", "/no-such-file.css", through: 404),
        Get("/_framework/opaque-redirect", "/_framework/opaque-redirect", through: 400), // without the redirect it would carry
        new HttpCase("*", "/_blazor/negotiate", Allowed.Anyone,
            (f, r) => f.CookieClient(r).PostAsync("/_blazor/negotiate?negotiateVersion=1", null), Through: 200),
        Get("/_blazor", "/_blazor", through: 400, method: "*"), // a plain GET is no connection: "Connection ID required"
        new HttpCase("*", "/_blazor/disconnect/", Allowed.Anyone,
            (f, r) => f.CookieClient(r).PostAsync("/_blazor/disconnect", new FormUrlEncodedContent([])), Through: 400), // no circuit to end
        Get("/_blazor/initializers/", "/_blazor/initializers", method: "*"),
        Get("/healthz", "/healthz", method: "*"),
        Get("/metrics", "/metrics", method: "*"),
    ];
}
