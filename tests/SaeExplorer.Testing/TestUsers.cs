using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SaeExplorer.Data;
using SaeExplorer.Data.Accounts;

namespace SaeExplorer.Testing;

/// <summary>Users written straight into a migrated database (as registration would leave them), with a password and roles.</summary>
public static class TestUsers
{
    public const string Password = "correct horse battery";

    /// <summary>Adds a user with <see cref="Password"/> and the given roles (made when missing); returns the user's id.</summary>
    public static async Task<string> AddAsync(IDbContextFactory<SaexDbContext> factory, string name, params string[] roles)
    {
        await using var db = await factory.CreateDbContextAsync();
        var user = new SaexUser
        {
            UserName = name, NormalizedUserName = name.ToUpperInvariant(), SecurityStamp = Guid.NewGuid().ToString(), CreatedAt = DateTimeOffset.UtcNow,
        };
        user.PasswordHash = new PasswordHasher<SaexUser>().HashPassword(user, Password);
        db.Users.Add(user);
        foreach (var role in roles)
        {
            var stored = await db.Roles.SingleOrDefaultAsync(r => r.Name == role);
            if (stored is null)
            {
                stored = new IdentityRole(role) { NormalizedName = role.ToUpperInvariant() };
                db.Roles.Add(stored);
            }
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = stored.Id });
        }
        await db.SaveChangesAsync();
        return user.Id;
    }

    /// <summary>The principal a signed-in user's requests and page actions run as (what the sign-in gives them), by user id.</summary>
    public static ClaimsPrincipal Principal(string userId) => new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], "test"));

    /// <summary>Nobody signed in.</summary>
    public static ClaimsPrincipal Anonymous => new(new ClaimsIdentity());
}
