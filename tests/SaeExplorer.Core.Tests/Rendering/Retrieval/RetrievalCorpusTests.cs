using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Tests.Imaging;

namespace SaeExplorer.Core.Tests.Rendering.Retrieval;

/// <summary>Tests over <see cref="RetrievalCorpora"/>: corpora in a temporary folder, every opened file closed at the end.</summary>
public abstract class RetrievalCorpusTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly List<IDisposable> _opened = [];

    public void Dispose()
    {
        _opened.ForEach(d => d.Dispose());
        _temp.Dispose();
        GC.SuppressFinalize(this);
    }

    protected IEmbeddingMatrix Corpus(float[] data, int columns, Storage storage)
    {
        IEmbeddingMatrix corpus = RetrievalCorpora.Create(data, columns, storage, _temp.Path);
        if (corpus is IDisposable d) _opened.Add(d);
        return corpus;
    }
}
