using System.Text;
using SaeExplorer.Core.IO;

namespace SaeExplorer.Core.Embeddings;

/// <summary>Streams ids to the partial ids file; <see cref="NpyWriter"/> drives it row by row.</summary>
internal sealed class RowIdWriter : IDisposable
{
    private readonly string _path;
    private readonly StreamWriter _writer;

    public RowIdWriter(string npyPath)
    {
        _path = RowIdMap.PathFor(npyPath);
        _writer = new StreamWriter(AtomicFile.Create(_path, 64 * 1024), new UTF8Encoding(false)) { NewLine = "\n" };
    }

    public void Write(string id) => _writer.WriteLine(id);

    public void Complete()
    {
        _writer.Dispose();
        AtomicFile.Commit(_path);
    }

    public void Dispose() => _writer.Dispose();
}
