using System.Security.Claims;
using SaeExplorer.Core.Corpus.Import;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Settings;
using SaeExplorer.Data.Labels;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Services.Accounts;
using SaeExplorer.Web.Services.Preparation;

namespace SaeExplorer.Web.Services.Workspaces;

/// <summary>A corpus folder the web page may import, and the layout it was recognised as.</summary>
public sealed record ImportCandidate(string Path, CorpusFormat Format);

/// <summary>
/// New workspaces and new SAEs from files on the server, for the pages and the API: an admin asks; every path lies inside
/// <see cref="SaexOptions.ImportRoots"/> (a browser never makes the server read elsewhere); then the same checks and rows
/// as the CLI's (<see cref="WorkspaceCreation"/>), and the preparation is queued. A failed workspace's preparation is
/// queued again when an admin retries it.
/// </summary>
public sealed class WorkspaceImports(WorkspaceCreation creation, AdminRole admins, SaexOptions options, PreparationQueue queue)
{
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
        return Matching(found, typed);
    }

    /// <summary>
    /// SAE files (.pth, .pt, SAELens folders) or, <paramref name="indexes"/>, index files (.idx) in the roots and the
    /// folders directly inside them, whose path contains <paramref name="typed"/>.
    /// </summary>
    public IReadOnlyList<string> FileSuggestions(string? typed, bool indexes = false)
    {
        var shallow = new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 1, IgnoreInaccessible = true };
        var found = new List<string>();
        foreach (var root in Roots.Where(Directory.Exists))
            found.AddRange(Directory.EnumerateFileSystemEntries(root, "*", shallow).Where(p => indexes
                    ? p.EndsWith(".idx", StringComparison.OrdinalIgnoreCase)
                    : p.EndsWith(".pth", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".pt", StringComparison.OrdinalIgnoreCase)
                      || File.Exists(Path.Combine(p, SaeLensLoader.ConfigFile)))
                .Take(200));
        return Matching(found.Order(StringComparer.Ordinal), typed);
    }

    private static List<string> Matching(IEnumerable<string> paths, string? typed) =>
        paths.Where(f => string.IsNullOrWhiteSpace(typed) || f.Contains(typed.Trim(), StringComparison.OrdinalIgnoreCase)).Take(50).ToList();

    /// <summary>Null when the name can be used, else why not.</summary>
    public Task<string?> CheckNameAsync(string? name, CancellationToken ct = default) => creation.CheckNameAsync(name, ct);

    /// <summary>The folder and its layout, or why it cannot be imported from the web.</summary>
    public (ImportCandidate? Candidate, string? Problem) CheckFolder(string? path, CorpusFormat? format)
    {
        var (full, problem) = Inside(path, "the corpus folder", "folders");
        if (full is null) return (null, problem);
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

    /// <summary>The SAE file or folder (and its index) inside the roots as a request, or why it cannot be read from the web.</summary>
    public (SaeRequest? Request, string? Problem) CheckSae(string? path, string? index, string? name = null)
    {
        var (sae, problem) = Inside(path, "the SAE file", "files");
        if (sae is null) return (null, problem);
        if (!File.Exists(sae) && !Directory.Exists(sae)) return (null, $"No such SAE file or folder: {sae}");
        if (string.IsNullOrWhiteSpace(index)) return (new SaeRequest(sae, null, string.IsNullOrWhiteSpace(name) ? null : name.Trim()), null);
        var (idx, indexProblem) = Inside(index, "the index file", "files");
        if (idx is null) return (null, indexProblem);
        return File.Exists(idx) ? (new SaeRequest(sae, idx, string.IsNullOrWhiteSpace(name) ? null : name.Trim()), null) : (null, $"No such index file: {idx}");
    }

    /// <summary>The full path of <paramref name="path"/> when it lies inside a root, else why not.</summary>
    private (string? Full, string? Problem) Inside(string? path, string what, string things)
    {
        if (Roots.Count == 0) return (null, "Web import is off: list the folders it may read under Saex:ImportRoots in appsettings.json.");
        if (string.IsNullOrWhiteSpace(path)) return (null, $"Give {what}.");
        string full;
        try
        {
            full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(SaexPaths.Resolve(path.Trim())));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return (null, $"That is not a path: {e.Message}");
        }
        return Roots.Any(r => ImportPaths.RelativeInside(r, full) is not null)
            ? (full, null)
            : (null, $"Only {things} inside {string.Join(" or ", Roots)} can be imported from the web (Saex:ImportRoots).");
    }

    /// <summary>
    /// Records the workspace (with the SAE file in <paramref name="saeFile"/>, with its index; or, when that is null, one
    /// to train) and queues its preparation; the outcome says why not when the request does not pass the checks, and
    /// warns about an SAE that names no embedding space.
    /// </summary>
    /// <exception cref="WriteRefusedException"><paramref name="user"/> is not an admin.</exception>
    public async Task<CreationOutcome> CreateAsync(ClaimsPrincipal user, string? name, string? path, CorpusFormat? format,
        (string? Path, string? Index)? saeFile = null, CancellationToken ct = default)
    {
        await admins.RequireAsync(user, "Creating a workspace", ct);
        if (await CheckNameAsync(name, ct) is { } nameProblem) return CreationOutcome.Refused(nameProblem, nameProblem.StartsWith("There is already", StringComparison.Ordinal));
        var (candidate, folderProblem) = CheckFolder(path, format);
        if (candidate is null) return CreationOutcome.Refused(folderProblem!);
        SaeRequest? sae = null;
        if (saeFile is { } file)
        {
            (sae, var saeProblem) = CheckSae(file.Path, file.Index);
            if (sae is null) return CreationOutcome.Refused(saeProblem!);
        }
        var outcome = await creation.CreateAsync(name, candidate.Path, candidate.Format, sae, ct);
        if (outcome.Workspace is { } created) queue.Enqueue(created.Id);
        return outcome;
    }

    /// <summary>Adds the SAE in <paramref name="saePath"/> (with its index) to the workspace and queues its preparation.</summary>
    /// <exception cref="WriteRefusedException"><paramref name="user"/> is not an admin.</exception>
    public async Task<CreationOutcome> AddSaeAsync(ClaimsPrincipal user, string workspace, string? saePath, string? indexPath = null, string? name = null,
        CancellationToken ct = default)
    {
        await admins.RequireAsync(user, "Adding an SAE to a workspace", ct);
        var (sae, problem) = CheckSae(saePath, indexPath, name);
        if (sae is null) return CreationOutcome.Refused(problem!);
        var outcome = await creation.AddSaeAsync(workspace, sae, ct);
        if (outcome.Workspace is { } ws) queue.Enqueue(ws.Id);
        return outcome;
    }

    /// <summary>Queues the workspace's preparation again: its failed stage runs from its start, then the stages after it.</summary>
    /// <exception cref="WriteRefusedException"><paramref name="user"/> is not an admin.</exception>
    public async Task RetryAsync(ClaimsPrincipal user, int workspaceId, CancellationToken ct = default)
    {
        await admins.RequireAsync(user, "Retrying a workspace's preparation", ct);
        queue.Enqueue(workspaceId);
    }
}
