using System.Security.Claims;
using System.Text.RegularExpressions;
using SaeExplorer.Core.Corpus.Import;
using SaeExplorer.Core.Settings;
using SaeExplorer.Data.Labels;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Services.Accounts;
using SaeExplorer.Web.Services.Preparation;

namespace SaeExplorer.Web.Services.Workspaces;

/// <summary>A corpus folder the web page may import, and the layout it was recognised as.</summary>
public sealed record ImportCandidate(string Path, CorpusFormat Format);

/// <summary>
/// New workspaces from corpora on the server: checks the request (an admin asks; a free URL-safe name; a folder inside
/// <see cref="SaexOptions.ImportRoots"/> in a layout we read), records the workspace and queues its preparation
/// (import, train SAE, index features); and queues a failed workspace's preparation again when an admin retries it.
/// </summary>
public sealed partial class WorkspaceImports(
    WorkspaceStore store, WorkspaceQueries workspaces, AdminRole admins, SaexOptions options, PreparationQueue queue)
{
    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex NamePattern();

    /// <summary>The import roots, full paths; empty when web import is off.</summary>
    public IReadOnlyList<string> Roots { get; } = options.ImportRoots
        .Where(r => !string.IsNullOrWhiteSpace(r))
        .Select(r => Path.TrimEndingDirectorySeparator(SaexPaths.Resolve(r)))
        .ToList();

    /// <summary>Folders directly inside the roots whose path contains <paramref name="typed"/>, for the page to offer.</summary>
    public IReadOnlyList<string> Suggestions(string? typed)
    {
        var found = new List<string>();
        foreach (var root in Roots.Where(Directory.Exists))
        {
            found.AddRange(Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal));
        }
        return found.Where(f => string.IsNullOrWhiteSpace(typed) || f.Contains(typed.Trim(), StringComparison.OrdinalIgnoreCase)).Take(50).ToList();
    }

    /// <summary>Null when the name can be used, else why not.</summary>
    public async Task<string?> CheckNameAsync(string? name, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(name)) return "Give the workspace a name.";
        if (!NamePattern().IsMatch(name))
            return "Use 1 to 64 lower-case letters, digits, '-' or '_', starting with a letter or digit: the name goes into every permalink.";
        return await workspaces.ExistsAsync(name, ct) ? $"There is already a workspace named '{name}'." : null;
    }

    /// <summary>The folder and its layout, or why it cannot be imported from the web.</summary>
    public (ImportCandidate? Candidate, string? Problem) CheckFolder(string? path, CorpusFormat? format)
    {
        if (Roots.Count == 0) return (null, "Web import is off: list the folders it may read under Saex:ImportRoots in appsettings.json.");
        if (string.IsNullOrWhiteSpace(path)) return (null, "Give the corpus folder.");
        string full;
        try
        {
            full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(SaexPaths.Resolve(path.Trim())));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return (null, $"That is not a path: {e.Message}");
        }
        if (!Roots.Any(r => ImportPaths.RelativeInside(r, full) is not null))
            return (null, $"Only folders inside {string.Join(" or ", Roots)} can be imported from the web (Saex:ImportRoots).");
        if (!Directory.Exists(full)) return (null, $"No such folder: {full}");
        try
        {
            return (new ImportCandidate(full, format ?? CorpusImporter.Detect(full)), null);
        }
        catch (Exception e) when (e is CorpusImportException or IOException or UnauthorizedAccessException)
        {
            return (null, e.Message);
        }
    }

    /// <summary>Records the workspace and queues its preparation; returns why not when the request does not pass the checks.</summary>
    /// <exception cref="WriteRefusedException"><paramref name="user"/> is not an admin.</exception>
    public async Task<(Workspace? Workspace, string? Problem)> CreateAsync(ClaimsPrincipal user, string? name, string? path, CorpusFormat? format,
        CancellationToken ct = default)
    {
        await admins.RequireAsync(user, "Creating a workspace", ct);
        if (await CheckNameAsync(name, ct) is { } nameProblem) return (null, nameProblem);
        var (candidate, folderProblem) = CheckFolder(path, format);
        if (candidate is null) return (null, folderProblem);

        var now = DateTimeOffset.UtcNow;
        var workspace = new Workspace
        {
            // The import stage records the embedding space (the encoder's, or the one the corpus ships).
            Name = name!, CorpusPath = candidate.Path, ImportedFrom = candidate.Path,
            ImportFormat = candidate.Format.ToString(), State = WorkspaceState.Preparing, CreatedAt = now, UpdatedAt = now,
        };
        if (!await store.TryAddAsync(workspace, ct)) return (null, $"There is already a workspace named '{name}'."); // lost a race with another tab
        queue.Enqueue(workspace.Id);
        return (workspace, null);
    }

    /// <summary>Queues the workspace's preparation again: its failed stage runs from its start, then the stages after it.</summary>
    /// <exception cref="WriteRefusedException"><paramref name="user"/> is not an admin.</exception>
    public async Task RetryAsync(ClaimsPrincipal user, int workspaceId, CancellationToken ct = default)
    {
        await admins.RequireAsync(user, "Retrying a workspace's preparation", ct);
        queue.Enqueue(workspaceId);
    }
}
