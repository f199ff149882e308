using SaeExplorer.Web.Endpoints;

namespace SaeExplorer.Web.Services.Accounts;

/// <summary>
/// A request that sends <c>Authorization: Bearer</c> with a token that is not valid (mistyped, or revoked on the
/// account page) is answered 401 whatever it asks for, reads included: a script with a dead token learns so at once
/// instead of reading on as nobody (RFC 6750's invalid_token). A token that could not be checked because the database
/// is down (<see cref="TokenNotChecked"/>) is no verdict on the token: an API request is answered 503 with the reason,
/// and anything else (/healthz above all, which must say the database is down) goes on as nobody.
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
            if (http.Features.Get<TokenNotChecked>() is { } notChecked)
            {
                if (!http.Request.Path.StartsWithSegments("/api"))
                {
                    await next(http);
                    return;
                }
                await ApiExceptionHandler.WriteUnavailableAsync(http, notChecked.Reason);
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

/// <summary>The request's API token could not be looked up: the database is unavailable, for <see cref="Reason"/>.</summary>
public sealed record TokenNotChecked(string Reason);
