using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using SaeExplorer.Data.Accounts;

namespace SaeExplorer.Web.Endpoints;

/// <summary>Sign-out: a form post (its antiforgery token is checked because it binds a form field), then back to a local page.</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(Links.Logout, async ([FromForm] string? returnUrl, SignInManager<SaexUser> signIn) =>
            {
                await signIn.SignOutAsync();
                return TypedResults.LocalRedirect(LocalOrHome(returnUrl));
            })
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>A return address only when it is a path on this site (never "//host" or "https://..."), else the home page.</summary>
    public static string LocalOrHome(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : Links.Home;
}
