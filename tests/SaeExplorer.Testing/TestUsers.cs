using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SaeExplorer.Data;
using SaeExplorer.Data.Accounts;

namespace SaeExplorer.Testing;

/// <summary>Users written into a migrated database (as registration would leave them, through AccountStore), with a password and roles.</summary>
public static class TestUsers
{
    public const string Password = "correct horse battery";

    /// <summary>Adds a user with <see cref="Password"/> and the given roles (made when missing); returns the user's id.</summary>
    public static Task<string> AddAsync(IDbContextFactory<SaexDbContext> factory, string name, params string[] roles) =>
        new AccountStore(factory).AddUserAsync(name, roles, Password);

    /// <summary>The principal a signed-in user's requests and page actions run as (what the sign-in gives them), by user id.</summary>
    public static ClaimsPrincipal Principal(string userId) => new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], "test"));

    /// <summary>Nobody signed in.</summary>
    public static ClaimsPrincipal Anonymous => new(new ClaimsIdentity());
}
