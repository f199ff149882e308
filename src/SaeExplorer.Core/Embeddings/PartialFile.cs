namespace SaeExplorer.Core.Embeddings;

/// <summary>
/// Files are written under "&lt;path&gt;.partial" and renamed when complete, so a crash or kill
/// mid-write never leaves something at the real path that looks finished.
/// </summary>
internal static class PartialFile
{
    public const string Suffix = ".partial";

    public static string PathFor(string path) => path + Suffix;

    public static FileStream Create(string path, int bufferSize)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
            Directory.CreateDirectory(directory);
        return new FileStream(PathFor(path), FileMode.Create, FileAccess.ReadWrite, FileShare.Read, bufferSize);
    }

    /// <summary>Renames the finished partial file onto <paramref name="path"/>, replacing any older file.</summary>
    public static void Commit(string path) => File.Move(PathFor(path), path, overwrite: true);
}
