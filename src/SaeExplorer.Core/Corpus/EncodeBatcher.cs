using SaeExplorer.Core.Encoders;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SaeExplorer.Core.Corpus;

/// <summary>
/// Collects decoded images and encodes them a batch at a time, handing each one's vector to <paramref name="encoded"/>
/// in the order they were added, then disposing the image. Disposing the batcher disposes what was never encoded.
/// </summary>
internal sealed class EncodeBatcher<T>(IImageEncoder encoder, Action<T, Image<Rgb24>, float[]> encoded, int size = 16) : IDisposable
{
    private readonly List<(T Tag, Image<Rgb24> Image)> _batch = new(size);

    public void Add(T tag, Image<Rgb24> image)
    {
        _batch.Add((tag, image));
        if (_batch.Count == size) Flush();
    }

    public void Flush()
    {
        if (_batch.Count == 0) return;
        var vectors = encoder.EncodeBatch(_batch.Select(b => b.Image).ToList());
        for (var i = 0; i < _batch.Count; i++) encoded(_batch[i].Tag, _batch[i].Image, vectors[i]);
        Dispose();
    }

    public void Dispose()
    {
        foreach (var (_, image) in _batch) image.Dispose();
        _batch.Clear();
    }
}
