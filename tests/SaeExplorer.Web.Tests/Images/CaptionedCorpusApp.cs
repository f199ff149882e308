using SaeExplorer.Testing;

namespace SaeExplorer.Web.Tests.Images;

/// <summary>The "web" workspace with three captioned images and 50 fillers (two pages of 48), added once.</summary>
public sealed class CaptionedCorpusApp : UrlCorpusApp
{
    public const int Fillers = 50;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyDictionary<string, string>? _ids;

    /// <summary>Caption -> image id of the three captioned images.</summary>
    public async Task<IReadOnlyDictionary<string, string>> SeededAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_ids != null) return _ids;
            var ids = new Dictionary<string, string>();
            foreach (var caption in new[] { "a brown dog on a beach", "two dogs playing <b>fetch</b>", "a cat asleep on a sofa" })
                ids[caption] = await AddImageAsync($"https://images.example.org/{ids.Count}.jpg?w=640&h=480", caption, "pets");
            for (var i = 0; i < Fillers; i++) await AddImageAsync($"https://images.example.org/filler/{i}.jpg", $"filler picture {i}", "filler");
            return _ids = ids;
        }
        finally
        {
            _gate.Release();
        }
    }
}
