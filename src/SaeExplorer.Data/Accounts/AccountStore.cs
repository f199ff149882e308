using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SaeExplorer.Data.Labels;

namespace SaeExplorer.Data.Accounts;

/// <summary>
/// Users made outside registration (`saex users add` on a team server, and tests): stored as ASP.NET Core Identity
/// stores them (normalised name, security stamp, hashed password), with the role of their part.
/// </summary>
public sealed class AccountStore(IDbContextFactory<SaexDbContext> dbFactory)
{
    /// <summary>The user-name characters Identity allows by default (registration takes the same).</summary>
    private const string NameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@+";

    /// <summary>The roles `saex users add` takes: a viewer has no stored role.</summary>
    public static IReadOnlyList<string> Parts { get; } = ["viewer", SaexRoles.Labeller, SaexRoles.Admin];

    /// <summary>Adds a user with <paramref name="password"/> and the given stored roles (made when missing); returns the user's id.</summary>
    /// <exception cref="LabelInputException">The name is empty, holds a character Identity refuses, or is taken; a role is unknown.</exception>
    public async Task<string> AddUserAsync(string name, IReadOnlyCollection<string> roles, string password, CancellationToken ct = default)
    {
        if (name.Length is 0 or > 256 || name.Any(c => !NameCharacters.Contains(c)))
            throw new LabelInputException($"A user name is 1 to 256 of the characters {NameCharacters}; '{name}' is not.");
        if (roles.FirstOrDefault(r => !SaexRoles.All.Contains(r)) is { } unknown)
            throw new LabelInputException($"There is no role '{unknown}': the roles are {string.Join(", ", Parts)}.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var normalized = name.ToUpperInvariant();
        if (await db.Users.AnyAsync(u => u.NormalizedUserName == normalized, ct))
            throw new LabelInputException($"There is already a user '{name}'.");
        var user = new SaexUser { UserName = name, NormalizedUserName = normalized, SecurityStamp = Guid.NewGuid().ToString(), CreatedAt = DateTimeOffset.UtcNow };
        user.PasswordHash = new PasswordHasher<SaexUser>().HashPassword(user, password);
        db.Users.Add(user);
        foreach (var role in roles)
        {
            var stored = await db.Roles.SingleOrDefaultAsync(r => r.Name == role, ct);
            if (stored is null)
            {
                stored = new IdentityRole(role) { NormalizedName = role.ToUpperInvariant() };
                db.Roles.Add(stored);
            }
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = stored.Id });
        }
        await db.SaveChangesAsync(ct);
        return user.Id;
    }
}
