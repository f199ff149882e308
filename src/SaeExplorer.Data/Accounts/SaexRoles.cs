namespace SaeExplorer.Data.Accounts;

/// <summary>
/// The stored roles. A viewer has none (anyone may read, signed in or not); a labeller writes labels, votes,
/// comments and lists; an admin does everything a labeller does and grants the labeller role.
/// </summary>
public static class SaexRoles
{
    public const string Labeller = "labeller";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Labeller, Admin];
}
