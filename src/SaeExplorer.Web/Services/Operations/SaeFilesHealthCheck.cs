using Microsoft.Extensions.Diagnostics.HealthChecks;
using SaeExplorer.Core.Sae;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Data.Workspaces;

namespace SaeExplorer.Web.Services.Operations;

/// <summary>
/// Every workspace's active SAE (the one its pages read) is where the database says, in a format that loads (its header or cfg.json and
/// weights file are there; nothing is read in full). Degraded, naming the workspaces, when one is not.
/// </summary>
public sealed class SaeFilesHealthCheck(WorkspaceQueries workspaces) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var saes = await workspaces.ActiveSaePathsAsync(ct);
        var problems = saes.Select(s => Problem(s.Workspace, s.SaePath)).OfType<string>().ToList();
        return problems.Count == 0
            ? HealthCheckResult.Healthy($"the active SAE files of {saes.Count} workspace{(saes.Count == 1 ? "" : "s")} are there")
            : HealthCheckResult.Degraded(string.Join("; ", problems));
    }

    private static string? Problem(string workspace, string path)
    {
        try
        {
            if (SaeLoader.Detect(path) == SaeFormat.SaeLens && Directory.Exists(path) && !File.Exists(Path.Combine(path, SaeLensLoader.WeightsFile)))
                return $"{workspace}: {path} has no {SaeLensLoader.WeightsFile}";
            return null;
        }
        catch (Exception e) when (e is IOException or SaeFormatException or UnauthorizedAccessException)
        {
            return $"{workspace}: {e.Message}";
        }
    }
}
