namespace SaeExplorer.Data.Accounts;

/// <summary>A personal API token: only its SHA-256 is kept, so a copied database gives no usable token.</summary>
public class ApiToken
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    /// <summary>What the owner called it ("notebook", "autointerp job").</summary>
    public required string Name { get; set; }
    /// <summary>SHA-256 (hex) of the whole token.</summary>
    public required string Hash { get; set; }
    /// <summary>The token's first characters, shown so an owner can tell tokens apart.</summary>
    public required string Hint { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
