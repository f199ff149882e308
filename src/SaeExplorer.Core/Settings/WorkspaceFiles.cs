using SaeExplorer.Core.Corpus.Import;

namespace SaeExplorer.Core.Settings;

/// <summary>
/// Every path inside a workspace's folder (data/workspaces/&lt;name&gt;), named once: the stages, the caches and the
/// removal of a workspace all ask here instead of joining names of their own.
/// </summary>
public sealed record WorkspaceFiles(string Root)
{
    /// <summary>Folder of all workspaces below a data directory.</summary>
    public const string WorkspacesFolder = "workspaces";

    public static WorkspaceFiles For(SaexOptions options, string workspace) =>
        new(Path.Combine(SaexPaths.Resolve(options.DataDirectory), WorkspacesFolder, workspace));

    /// <summary>The corpus pack the import stage writes (manifest.csv, images/, embeddings.npy + ids).</summary>
    public string Corpus => Path.Combine(Root, "corpus");

    /// <summary>The pack's embeddings, one row per encoded image.</summary>
    public string Embeddings => Path.Combine(Corpus, CorpusImporter.PackEmbeddings);

    /// <summary>Where a workspace's SAE keeps its files: the workspace folder for its first SAE, saes/&lt;name&gt; for the others.</summary>
    public SaeFiles SaeFolder(string sae, bool first) => new(first ? Root : Path.Combine(Root, "saes", sae));

    /// <summary>The approximate nearest-image index (USearch HNSW) of a large corpus, with its mean beside it.</summary>
    public string NearestImages => Path.Combine(Root, "nearest-images.usearch");

    /// <summary>Images uploaded to the workspace, stored by content hash.</summary>
    public string Uploads => Path.Combine(Root, "uploads");

    /// <summary>One upload's bytes: "&lt;sha256&gt;.&lt;format&gt;" in <see cref="Uploads"/>.</summary>
    public string Upload(string hash, string format) => Path.Combine(Uploads, $"{hash}.{format}");

    /// <summary>Creates the folder and returns this.</summary>
    public WorkspaceFiles Ensure()
    {
        Directory.CreateDirectory(Root);
        return this;
    }

    /// <summary>
    /// Empties the folder. The first stage calls it: every later stage's files (SAE and index checkpoints) belong to
    /// the old corpus and must not be resumed from; an imported SAE is copied in again from where it came.
    /// </summary>
    public void Clear()
    {
        if (!Directory.Exists(Root)) return;
        foreach (var dir in Directory.EnumerateDirectories(Root)) Directory.Delete(dir, recursive: true);
        foreach (var file in Directory.EnumerateFiles(Root)) File.Delete(file);
    }
}
