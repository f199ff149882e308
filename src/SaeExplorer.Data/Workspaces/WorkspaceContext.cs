using Microsoft.EntityFrameworkCore;

namespace SaeExplorer.Data.Workspaces;

/// <summary>What a feature or image page needs to know about its workspace and active SAE.</summary>
public sealed record WorkspaceContext(
    int WorkspaceId, string Name, string CorpusPath, string? EmbeddingsPath, int? SaeId, string? SaePath, int DSae)
{
    /// <summary>Null for an unknown workspace name (any text is safe to pass).</summary>
    public static async Task<WorkspaceContext?> FindAsync(SaexDbContext db, string name, CancellationToken ct = default)
    {
        var ws = await db.Workspaces.AsNoTracking().Where(w => w.Name == name)
            .Select(w => new { w.Id, w.Name, w.CorpusPath, w.EmbeddingsPath }).SingleOrDefaultAsync(ct);
        if (ws == null) return null;
        var sae = await db.Saes.AsNoTracking().Where(s => s.WorkspaceId == ws.Id && s.IsActive)
            .Select(s => new { s.Id, s.Path, s.DSae }).SingleOrDefaultAsync(ct);
        return new WorkspaceContext(ws.Id, ws.Name, ws.CorpusPath, ws.EmbeddingsPath, sae?.Id, sae?.Path, sae?.DSae ?? 0);
    }
}
