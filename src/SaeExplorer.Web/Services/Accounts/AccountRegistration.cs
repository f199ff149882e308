using Microsoft.AspNetCore.Identity;
using SaeExplorer.Data.Accounts;

namespace SaeExplorer.Web.Services.Accounts;

/// <summary>Registration and role changes: the first user (or the one named in Accounts:Admin) becomes admin; admins grant labeller.</summary>
public sealed class AccountRegistration(UserManager<SaexUser> users, RoleManager<IdentityRole> roles, AccountQueries accounts,
    AccountsOptions options, ILogger<AccountRegistration> log)
{
    public async Task PrepareAsync()
    {
        foreach (var role in SaexRoles.All)
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
        if (options.Admin is { Length: > 0 } name && await users.FindByNameAsync(name) is { } admin && !await users.IsInRoleAsync(admin, SaexRoles.Admin))
        {
            await users.AddToRoleAsync(admin, SaexRoles.Admin);
            log.LogInformation("{User} is admin (Accounts:Admin).", name);
        }
    }

    /// <summary>Creates the account; the errors say what to change (taken name, short password).</summary>
    public async Task<(SaexUser? User, IReadOnlyList<string> Errors)> RegisterAsync(string userName, string? email, string password)
    {
        if (!options.AllowRegistration) return (null, ["Registration is closed on this server (Accounts:AllowRegistration); ask its admin for an account."]);
        var user = new SaexUser { UserName = userName.Trim(), Email = string.IsNullOrWhiteSpace(email) ? null : email.Trim(), CreatedAt = DateTimeOffset.UtcNow };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded) return (null, created.Errors.Select(e => e.Description).ToList());
        var first = await accounts.UserCountAsync() == 1;
        if (first || string.Equals(options.Admin, user.UserName, StringComparison.OrdinalIgnoreCase))
        {
            await users.AddToRoleAsync(user, SaexRoles.Admin);
            log.LogInformation("{User} registered and is admin ({Why}).", user.UserName, first ? "the first user" : "Accounts:Admin");
        }
        return (user, []);
    }

    /// <summary>Grants or takes back the labeller role (the admin page's action; the caller checks the actor is admin).</summary>
    public async Task<string?> SetLabellerAsync(string userId, bool labeller)
    {
        if (await users.FindByIdAsync(userId) is not { } user) return "There is no such user.";
        var has = await users.IsInRoleAsync(user, SaexRoles.Labeller);
        var result = labeller && !has ? await users.AddToRoleAsync(user, SaexRoles.Labeller)
            : !labeller && has ? await users.RemoveFromRoleAsync(user, SaexRoles.Labeller)
            : IdentityResult.Success;
        return result.Succeeded ? null : string.Join(" ", result.Errors.Select(e => e.Description));
    }
}
