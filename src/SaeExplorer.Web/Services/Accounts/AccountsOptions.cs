using System.ComponentModel.DataAnnotations;

namespace SaeExplorer.Web.Services.Accounts;

/// <summary>The "Accounts" section of appsettings.json: sign-in and who administers the server.</summary>
public sealed record AccountsOptions : Core.Settings.ISectionOptions
{
    public static string Section => "Accounts";

    /// <summary>The user name that is made admin (at registration, or at start when it already exists); null: the first user to register.</summary>
    [MaxLength(256)]
    public string? Admin { get; init; }

    /// <summary>Passwords are checked by length only (no character-class rules).</summary>
    [Range(8, 128)]
    public int MinPasswordLength { get; init; } = 10;

    /// <summary>How long a sign-in cookie lasts (sliding).</summary>
    [Range(1, 365)]
    public int CookieDays { get; init; } = 14;

    /// <summary>Whether anyone may register (off: only users that already exist sign in).</summary>
    public bool AllowRegistration { get; init; } = true;
}
