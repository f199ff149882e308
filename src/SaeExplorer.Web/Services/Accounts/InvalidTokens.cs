namespace SaeExplorer.Web.Services.Accounts;

/// <summary>
/// A request that sends <c>Authorization: Bearer</c> with a token that is not valid (mistyped, or revoked on the
/// account page) is answered 401 whatever it asks for, reads included: a script with a dead token learns so at once
/// instead of reading on as nobody (RFC 6750's invalid_token).
/// </summary>
public static class InvalidTokens
{
    public const string Detail = "The API token in the Authorization header is not valid: it was mistyped or revoked. Make a new one on the account page.";

    /// <summary>Runs after authentication, which has tried the token.</summary>
    public static IApplicationBuilder UseInvalidTokenRefusal(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (!ApiTokenAuthentication.HasBearer(http.Request) || http.User.Identity?.IsAuthenticated == true)
            {
                await next(http);
                return;
            }
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            http.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = { Status = StatusCodes.Status401Unauthorized, Title = "Invalid API token", Detail = Detail },
            });
        });
}
