using System.Security.Claims;
using SaeExplorer.Data.Accounts;
using SaeExplorer.Data.Labels;

namespace SaeExplorer.Web.Services.Accounts;

/// <summary>
/// The admin role's check, for what changes the server's own holdings: creating, retrying and deleting workspaces
/// (each can start hours of work or remove an SAE with everything hanging off it). Read from the database at each call,
/// as the labeller role is for label writes, so a role granted or taken back takes effect at once. The services that
/// do the work check it; pages ask it only to decide what to offer.
/// </summary>
public sealed class AdminRole(AccountQueries accounts)
{
    /// <summary>What the pages say to anyone else.</summary>
    public const string Needed = "Creating, retrying and deleting workspaces needs the admin role.";

    /// <summary>Whether the user is signed in and holds the admin role now.</summary>
    public async Task<bool> IsHeldByAsync(ClaimsPrincipal user, CancellationToken ct = default) =>
        user.UserId() is { } id && await accounts.AccessAsync(id, ct) is { IsAdmin: true };

    /// <summary>Refuses anyone but an admin, saying which role <paramref name="action"/> needs.</summary>
    /// <param name="action">What was asked for, as the start of a sentence ("Deleting a workspace").</param>
    /// <exception cref="WriteRefusedException">Nobody is signed in (<c>SignedIn</c> false), or the user is not an admin.</exception>
    public async Task RequireAsync(ClaimsPrincipal user, string action, CancellationToken ct = default)
    {
        if (user.UserId() is not { } id || await accounts.AccessAsync(id, ct) is not { } access)
            throw new WriteRefusedException($"{action} needs the admin role: sign in as an admin.", signedIn: false);
        if (!access.IsAdmin)
            throw new WriteRefusedException($"{action} needs the admin role, which '{access.UserName}' does not hold.", signedIn: true);
    }
}
