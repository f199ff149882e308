namespace SaeExplorer.Core.Settings;

/// <summary>
/// Resolves relative paths from appsettings.json against the installation root, so that the app
/// and the CLI find data/ whether started from the repository, from bin/, or in a container.
/// </summary>
public static class SaexPaths
{
    /// <summary>Environment variable that pins the root (the Dockerfile sets it).</summary>
    public const string RootVariable = "SAEX_ROOT";

    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string Resolve(string path) =>
        Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(Root, path));

    private static string FindRoot()
    {
        var pinned = Environment.GetEnvironmentVariable(RootVariable);
        if (!string.IsNullOrWhiteSpace(pinned)) return Path.GetFullPath(pinned);
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "SaeExplorer.sln"))) return dir.FullName;
        }
        return Directory.GetCurrentDirectory();
    }
}
