using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SaeExplorer.Data.Labels;

namespace SaeExplorer.Data.Accounts;

/// <summary>A token as its owner sees it on the account page (never the token itself after creation).</summary>
public sealed record ApiTokenView(int Id, string Name, string Hint, DateTimeOffset CreatedAt);

/// <summary>Creates, lists, revokes and resolves personal API tokens (sent as <c>Authorization: Bearer saex_...</c>).</summary>
public sealed class ApiTokenStore(IDbContextFactory<SaexDbContext> dbFactory)
{
    public const string Prefix = "saex_";
    public const int MaxName = 64;

    /// <summary>A new token for the user; the returned text is the only time it exists in the clear.</summary>
    public async Task<(string Token, ApiTokenView View)> CreateAsync(string userId, string name, CancellationToken ct = default)
    {
        var clean = (name ?? "").Trim();
        if (clean.Length is 0 or > MaxName)
            throw new LabelInputException($"A token's name is 1 to {MaxName} characters; '{clean}' has {clean.Length}.");
        var token = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var row = new ApiToken { UserId = userId, Name = clean, Hash = Hash(token), Hint = token[..(Prefix.Length + 6)], CreatedAt = DateTimeOffset.UtcNow };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.ApiTokens.Add(row);
        await db.SaveChangesAsync(ct);
        return (token, new ApiTokenView(row.Id, row.Name, row.Hint, row.CreatedAt));
    }

    public async Task<IReadOnlyList<ApiTokenView>> ForUserAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).OrderBy(t => t.Id)
            .Select(t => new ApiTokenView(t.Id, t.Name, t.Hint, t.CreatedAt)).ToListAsync(ct);
    }

    /// <summary>Deletes one of the user's tokens; false when they have no token of that id.</summary>
    public async Task<bool> RevokeAsync(string userId, int tokenId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ApiTokens.Where(t => t.Id == tokenId && t.UserId == userId).ExecuteDeleteAsync(ct) > 0;
    }

    /// <summary>The id of the user a token belongs to; null for an unknown or revoked token (any text is safe to pass).</summary>
    public async Task<string?> UserOfAsync(string token, CancellationToken ct = default)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > 128) return null;
        var hash = Hash(token);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ApiTokens.AsNoTracking().Where(t => t.Hash == hash).Select(t => t.UserId).SingleOrDefaultAsync(ct);
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
