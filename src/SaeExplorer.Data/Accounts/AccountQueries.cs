using Microsoft.EntityFrameworkCore;

namespace SaeExplorer.Data.Accounts;

/// <summary>Who a user is and what they may do, read from the database on every write (a role granted takes effect at once).</summary>
public sealed record UserAccess(string UserId, string UserName, bool IsLabeller, bool IsAdmin)
{
    /// <summary>Labellers and admins write labels, votes, comments and lists.</summary>
    public bool CanLabel => IsLabeller || IsAdmin;
}

/// <summary>A user on the admin page.</summary>
public sealed record UserRow(string UserId, string UserName, string? Email, bool IsLabeller, bool IsAdmin, DateTimeOffset CreatedAt);

public sealed class AccountQueries(IDbContextFactory<SaexDbContext> dbFactory)
{
    public async Task<UserAccess?> AccessAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.UserName).SingleOrDefaultAsync(ct);
        if (user is null) return null;
        var roles = await RolesOf(db, userId).ToListAsync(ct);
        return new UserAccess(userId, user, roles.Contains(SaexRoles.Labeller), roles.Contains(SaexRoles.Admin));
    }

    public async Task<IReadOnlyList<UserRow>> UsersAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var users = await db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(ct);
        var roles = (await db.UserRoles.AsNoTracking().Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(ct)).ToLookup(x => x.UserId, x => x.Name);
        return users.Select(u => new UserRow(u.Id, u.UserName ?? "", u.Email, roles[u.Id].Contains(SaexRoles.Labeller),
            roles[u.Id].Contains(SaexRoles.Admin), u.CreatedAt)).ToList();
    }

    /// <summary>The id of the user with that name; null when there is none.</summary>
    public async Task<string?> UserIdAsync(string userName, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.AsNoTracking().Where(u => u.UserName == userName).Select(u => u.Id).SingleOrDefaultAsync(ct);
    }

    /// <summary>How many people have an account.</summary>
    public async Task<int> UserCountAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.CountAsync(ct);
    }

    private static IQueryable<string> RolesOf(SaexDbContext db, string userId) =>
        db.UserRoles.Where(r => r.UserId == userId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!);
}
