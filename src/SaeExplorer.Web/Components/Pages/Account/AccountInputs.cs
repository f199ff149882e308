using System.ComponentModel.DataAnnotations;

namespace SaeExplorer.Web.Components.Pages.Account;

public sealed class LoginInput
{
    [Required(ErrorMessage = "Enter your user name.")]
    public string UserName { get; set; } = "";

    [Required(ErrorMessage = "Enter your password.")]
    public string Password { get; set; } = "";

    public bool Remember { get; set; }
}

public sealed class RegisterInput
{
    [Required(ErrorMessage = "Choose a user name.")]
    [StringLength(64, ErrorMessage = "A user name is at most 64 characters.")]
    [RegularExpression("^[A-Za-z0-9._@+-]+$", ErrorMessage = "A user name is letters, digits and . _ @ + - (no spaces).")]
    public string UserName { get; set; } = "";

    /// <summary>Optional: a browser posts the empty field as "", which is no address rather than a wrong one.</summary>
    [EmailAddress(ErrorMessage = "That is not an e-mail address (or leave it empty).")]
    public string? Email
    {
        get => _email;
        set => _email = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private string? _email;

    [Required(ErrorMessage = "Choose a password.")]
    public string Password { get; set; } = "";

    [Compare(nameof(Password), ErrorMessage = "The two passwords differ.")]
    public string Confirm { get; set; } = "";
}

public sealed class NewTokenInput
{
    [Required(ErrorMessage = "Name the token (what it is for).")]
    [StringLength(Data.Accounts.ApiTokenStore.MaxName, ErrorMessage = "A token's name is at most 64 characters.")]
    public string Name { get; set; } = "";
}
