namespace SaeExplorer.Core.IO;

/// <summary>
/// Write-then-rename, the one way this project writes a file that something else may read: the bytes go to
/// "&lt;path&gt;.partial" (or a unique "&lt;path&gt;.&lt;guid&gt;.partial" when several writers may race for one path) and
/// are renamed into place when complete, so a reader, a crash or a kill never leaves something at the real path
/// that looks finished.
/// </summary>
public static class AtomicFile
{
    public const string Suffix = ".partial";

    /// <summary>Where a single writer's bytes for <paramref name="path"/> live until they are committed.</summary>
    public static string PartialPathFor(string path) => path + Suffix;

    /// <summary>A stream on the partial file (folders created); call <see cref="Commit"/> after disposing it.</summary>
    public static FileStream Create(string path, int bufferSize = 1 << 16)
    {
        CreateFolderFor(path);
        return new FileStream(PartialPathFor(path), FileMode.Create, FileAccess.ReadWrite, FileShare.Read, bufferSize);
    }

    /// <summary>Renames the finished partial file onto <paramref name="path"/>, replacing any older file.</summary>
    public static void Commit(string path) => File.Move(PartialPathFor(path), path, overwrite: true);

    /// <summary>Writes the whole file through <paramref name="write"/>, flushed to disk, then renames it into place.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        using (var stream = Create(path, 1 << 20))
        {
            write(stream);
            stream.Flush(flushToDisk: true);
        }
        Commit(path);
    }

    public static void WriteAllText(string path, string text) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
            writer.Write(text);
        });

    /// <summary>
    /// For files that several requests may write at once (caches): each writer has its own partial file, and the
    /// last rename wins with a complete file either way.
    /// </summary>
    public static async Task WriteAllBytesAsync(string path, byte[] bytes, CancellationToken ct = default)
    {
        CreateFolderFor(path);
        var partial = $"{path}.{Guid.NewGuid():N}{Suffix}";
        try
        {
            await File.WriteAllBytesAsync(partial, bytes, ct).ConfigureAwait(false);
            File.Move(partial, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(partial)) File.Delete(partial);
        }
    }

    private static void CreateFolderFor(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
    }
}
