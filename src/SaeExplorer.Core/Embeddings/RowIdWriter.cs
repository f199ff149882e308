using SaeExplorer.Core.IO;
using System.Text;

namespace SaeExplorer.Core.Embeddings;

/// <summary>Streams ids to the partial ids file; <see cref="NpyWriter"/> drives it row by row.</summary>
internal sealed class RowIdWriter : IDisposable
{
    private readonly string path;
    private readonly StreamWriter writer;

    public RowIdWriter(string npyPath)
    {
        path = RowIdMap.PathFor(npyPath);
        writer = new StreamWriter(AtomicFile.Create(path, 64 * 1024), new UTF8Encoding(false)) { NewLine = "\n" };
    }

    public void Write(string id) => writer.WriteLine(id);

    public void Complete()
    {
        writer.Dispose();
        AtomicFile.Commit(path);
    }

    public void Dispose() => writer.Dispose();
}
