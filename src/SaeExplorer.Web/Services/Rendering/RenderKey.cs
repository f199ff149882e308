using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SaeExplorer.Core.Rendering;
using SaeExplorer.Core.Steering;

namespace SaeExplorer.Web.Services.Rendering;

/// <summary>
/// What a cached result is found by: the renderer and what it reads besides the request (<see cref="IRenderer.Source"/>),
/// the resolved parameters (seed included) with the excluded rows, and the SHA-256 of the embedding's float bytes.
/// </summary>
public sealed class RenderKey
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <param name="resolved">The renderer's <see cref="IRenderer.Resolve"/> of the request.</param>
    public static RenderKey For(IRenderer renderer, RenderRequest request, RenderParameters resolved)
    {
        ArgumentNullException.ThrowIfNull(renderer);
        ArgumentNullException.ThrowIfNull(request);
        var exclude = request.Exclude.Distinct().Order().ToArray();
        string parameters = JsonSerializer.Serialize(new { resolved, exclude }, Json);
        string embedding = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(request.Embedding.AsSpan())));
        return new RenderKey(renderer.Name, renderer.Source, parameters, embedding);
    }

    private RenderKey(string renderer, string source, string parameters, string embedding)
    {
        Text = $"{renderer}\n{source}\n{parameters}\n{embedding}";
        Id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text)));
    }

    /// <summary>The whole key as one text (renderer, source, parameters, embedding hash), stored with a cached result
    /// and compared on every read.</summary>
    public string Text { get; }

    /// <summary>SHA-256 of <see cref="Text"/>: the cache files' name.</summary>
    public string Id { get; }
}
