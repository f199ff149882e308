using System.Security.Claims;

namespace SaeExplorer.Web.Services.Accounts;

/// <summary>Reading the signed-in user from a principal, whichever way they came in (cookie or API token).</summary>
public static class SaexClaims
{
    /// <summary>The user's id (Identity's name-identifier claim); null when nobody is signed in.</summary>
    public static string? UserId(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;
}
