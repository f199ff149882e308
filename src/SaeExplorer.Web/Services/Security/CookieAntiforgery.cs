using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace SaeExplorer.Web.Services.Security;

/// <summary>
/// Antiforgery for an API endpoint that takes a form (multipart uploads): scripts call it with an API token or with no
/// credentials and need no antiforgery token, but a browser posting to it carries the sign-in cookie, which another
/// site could make it send; such a request must carry the antiforgery token of one of this site's pages.
/// </summary>
public static class CookieAntiforgery
{
    public const string Detail = "A form posted with the sign-in cookie needs this site's antiforgery token (__RequestVerificationToken); " +
                                 "scripts send 'Authorization: Bearer <token>' instead.";

    public static RouteHandlerBuilder RequireAntiforgeryWithCookie(this RouteHandlerBuilder endpoint) =>
        endpoint.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var byCookie = http.User.Identity is { IsAuthenticated: true, AuthenticationType: var scheme } && scheme == IdentityConstants.ApplicationScheme;
            if (!byCookie || await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http)) return await next(context);
            return TypedResults.Problem(detail: Detail, statusCode: StatusCodes.Status400BadRequest, title: "Antiforgery token missing");
        });
}
