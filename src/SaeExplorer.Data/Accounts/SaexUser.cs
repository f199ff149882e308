using Microsoft.AspNetCore.Identity;

namespace SaeExplorer.Data.Accounts;

/// <summary>A person who signed up. Without a role they are a viewer (as is anyone not signed in); see <see cref="SaexRoles"/>.</summary>
public class SaexUser : IdentityUser
{
    public DateTimeOffset CreatedAt { get; set; }
}
