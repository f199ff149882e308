using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using SaeExplorer.Data.Accounts;
using SaeExplorer.Data.Providers;

namespace SaeExplorer.Web.Services.Accounts;

/// <summary>
/// Signs in a request that carries <c>Authorization: Bearer saex_...</c> as the token's owner. Roles are not put in
/// the principal: writes look them up (AccountQueries) so a granted or revoked role counts at once.
/// </summary>
public sealed class ApiTokenAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiTokenStore tokens, AccountQueries accounts) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    public static bool HasBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!HasBearer(Request)) return AuthenticateResult.NoResult();
        var token = Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim();
        string? userId;
        UserAccess? access;
        try
        {
            userId = await tokens.UserOfAsync(token, Context.RequestAborted);
            access = userId is null ? null : await accounts.AccessAsync(userId, Context.RequestAborted);
        }
        catch (Exception e) when (DatabaseUnavailableException.Explains(e) is { } reason)
        {
            Context.Features.Set(new TokenNotChecked(reason)); // InvalidTokens answers: no verdict on the token itself
            return AuthenticateResult.NoResult();
        }
        if (userId is null || access is null) return AuthenticateResult.Fail("The API token is not valid: it was mistyped or revoked.");
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId), new Claim(ClaimTypes.Name, access.UserName)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
