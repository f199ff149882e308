using Microsoft.Extensions.Diagnostics.HealthChecks;
using SaeExplorer.Core.Sae;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Data.Workspaces;

namespace SaeExplorer.Web.Services.Operations;

/// <summary>
/// Every workspace's active SAE (the one its pages read) has the files its format loads from where the database says:
/// a SAELens folder's cfg.json and weights, or the imported .pth or saev file (nothing is read). Degraded, naming the
/// workspaces and the missing files, when one has not; the paths are the admins' detail.
/// </summary>
public sealed class SaeFilesHealthCheck(WorkspaceQueries workspaces) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var saes = await workspaces.ActiveSaePathsAsync(ct);
        var missing = saes.SelectMany(s => Missing(s).Select(path => (s.Workspace, Path: path))).ToList();
        return missing.Count == 0
            ? HealthCheckResult.Healthy($"the active SAE files of {saes.Count} workspace{(saes.Count == 1 ? "" : "s")} are there")
            : HealthDetail.Degraded(string.Join("; ", missing.Select(m => $"{m.Workspace}: its SAE's {Path.GetFileName(m.Path)} is missing")),
                missing.Select(m => $"{m.Workspace}: {m.Path}"));
    }

    private static IEnumerable<string> Missing(WorkspaceSaePath sae)
    {
        string[] files = sae.Format == SaeFormat.SaeLens
            ? [Path.Combine(sae.LoadPath, SaeLensLoader.ConfigFile), Path.Combine(sae.LoadPath, SaeLensLoader.WeightsFile)]
            : [sae.LoadPath];
        return files.Where(f => !File.Exists(f));
    }
}
