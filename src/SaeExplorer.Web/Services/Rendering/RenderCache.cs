using System.Security.Cryptography;
using System.Text.Json;
using SaeExplorer.Core.IO;
using SaeExplorer.Core.Rendering;
using SaeExplorer.Core.Settings;

namespace SaeExplorer.Web.Services.Rendering;

/// <summary>
/// Render results by <see cref="RenderKey"/>: the most recent <see cref="RenderOptions.MemoryCacheEntries"/> in memory,
/// every one on disk under <see cref="RenderOptions.CacheFolder"/> (a picture's PNG, then a small JSON of the result
/// naming the key and the PNG's SHA-256, both written atomically). A disk entry that does not read back whole and for
/// the same key is ignored, so it is rendered again and overwritten. Thread-safe.
/// </summary>
public sealed class RenderCache
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly int _capacity;
    private readonly string? _folder;
    private readonly ILogger _log;
    private readonly Dictionary<string, LinkedListNode<(string Id, RenderResult Result)>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Id, RenderResult Result)> _recent = new();

    public RenderCache(RenderOptions options, SaexOptions saex, ILogger<RenderCache> log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(saex);
        _capacity = options.MemoryCacheEntries;
        _folder = string.IsNullOrWhiteSpace(options.CacheFolder)
            ? null
            : Path.Combine(SaexPaths.Resolve(saex.DataDirectory), options.CacheFolder);
        _log = log;
    }

    /// <summary>Results held in memory.</summary>
    public int Count
    {
        get { lock (_entries) return _entries.Count; }
    }

    /// <summary>The result in memory, else on disk (then kept in memory too), else null.</summary>
    public async Task<RenderResult?> TryGetAsync(RenderKey key, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        string id = key.Id;
        lock (_entries)
            if (_entries.TryGetValue(id, out var node))
            {
                _recent.Remove(node);
                _recent.AddFirst(node);
                return node.Value.Result;
            }
        if (await ReadAsync(key, id, ct).ConfigureAwait(false) is not { } stored)
            return null;
        Remember(id, stored);
        return stored;
    }

    /// <summary>Keeps <paramref name="result"/> in memory and on disk. A disk that cannot be written is logged, not thrown.</summary>
    public async Task StoreAsync(RenderKey key, RenderResult result, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(result);
        string id = key.Id;
        Remember(id, result);
        if (_folder is null) return;
        try
        {
            string? pngHash = null;
            if (result.Picture is { } picture)
            {
                await AtomicFile.WriteAllBytesAsync(PathOf(id, ".png"), picture.Png, ct).ConfigureAwait(false);
                pngHash = Convert.ToHexStringLower(SHA256.HashData(picture.Png));
            }
            // The JSON goes last: with it in place the entry is complete.
            byte[] json = JsonSerializer.SerializeToUtf8Bytes(new Stored(key.Text, pngHash, result), Json);
            await AtomicFile.WriteAllBytesAsync(PathOf(id, ".json"), json, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.LogWarning(e, "could not write the render cache entry {Id} under {Folder}", id, _folder);
        }
    }

    private void Remember(string id, RenderResult result)
    {
        if (_capacity == 0) return;
        lock (_entries)
        {
            if (_entries.Remove(id, out var old)) _recent.Remove(old);
            _entries[id] = _recent.AddFirst((id, result));
            while (_entries.Count > _capacity)
            {
                _entries.Remove(_recent.Last!.Value.Id);
                _recent.RemoveLast();
            }
        }
    }

    private async Task<RenderResult?> ReadAsync(RenderKey key, string id, CancellationToken ct)
    {
        if (_folder is null) return null;
        string jsonPath = PathOf(id, ".json");
        if (!File.Exists(jsonPath)) return null;
        try
        {
            await using var stream = new FileStream(jsonPath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 4096, useAsync: true);
            var stored = await JsonSerializer.DeserializeAsync<Stored>(stream, Json, ct).ConfigureAwait(false);
            if (stored?.Result is not { } result || stored.Key != key.Text)
                throw new InvalidDataException("the entry is empty or for another key");
            if (result.Picture is not { } picture)
                return result;
            byte[] png = await File.ReadAllBytesAsync(PathOf(id, ".png"), ct).ConfigureAwait(false);
            if (Convert.ToHexStringLower(SHA256.HashData(png)) != stored.PngSha256)
                throw new InvalidDataException("the PNG does not match the hash recorded with it");
            return result with { Picture = picture with { Png = png } };
        }
        catch (Exception e) when (e is JsonException or IOException or InvalidDataException or UnauthorizedAccessException)
        {
            _log.LogWarning("ignoring the unreadable render cache entry {Path}: {Reason}", jsonPath, e.Message);
            return null;
        }
    }

    private string PathOf(string id, string extension) => Path.Combine(_folder!, id[..2], id + extension);

    /// <summary>A disk entry: the key it was stored for, the PNG's hash (pictures), the result.</summary>
    private sealed record Stored(string Key, string? PngSha256, RenderResult Result);
}
