using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SaeExplorer.Core.Corpus.Import;

/// <summary>
/// What img2dataset writes per key, in either output format: an image, a caption (.txt) and metadata (.json:
/// url, caption, key, status, error_message, width, height, original_width, ...), turned into an item or a skip.
/// </summary>
internal static class Img2DatasetSample
{
    /// <summary>Caption and metadata files larger than this are not read.</summary>
    public const int MaxSideFileBytes = 1 << 20;

    /// <summary>Image extensions in order of preference when a key has more than one.</summary>
    private static readonly string[] ImageExtensionOrder = ["jpg", "jpeg", "png", "webp", "gif", "bmp", "tif", "tiff"];

    private static readonly HashSet<string> KnownKeys = new(StringComparer.Ordinal)
    {
        "url", "caption", "key", "status", "error_message", "width", "height",
    };

    public static bool IsImageExtension(string ext) => ImageExtensionOrder.Contains(ext);

    /// <summary>The preferred of two image extensions (lower index in the preference list wins).</summary>
    public static bool Prefer(string candidate, string current) =>
        Array.IndexOf(ImageExtensionOrder, candidate) < Array.IndexOf(ImageExtensionOrder, current);

    /// <summary>Splits a file or member name webdataset-style: the key is everything before the first '.' of the last segment.</summary>
    public static bool TrySplit(string name, out string key, out string ext)
    {
        var slash = name.LastIndexOf('/');
        var dot = name.IndexOf('.', slash + 1);
        if (dot <= slash + 1 || dot == name.Length - 1)
        {
            key = ext = "";
            return false;
        }
        key = name[..dot];
        ext = name[(dot + 1)..].ToLowerInvariant();
        return true;
    }

    public static string DecodeCaption(byte[] bytes) => Encoding.UTF8.GetString(bytes).Trim();

    /// <summary>Builds the item for one key, or says why it is skipped.</summary>
    /// <param name="location">The sample's location for messages, e.g. "00000/000000001" or "00000.tar#000000001".</param>
    public static CorpusItem? Build(string key, string location, ImageLocator? image, string? caption, byte[]? json,
        string? problem, List<ImportIssue> skipped)
    {
        if (problem is not null)
        {
            skipped.Add(new ImportIssue(location, problem, key));
            return null;
        }
        string? url = null, jsonCaption = null, status = null, error = null;
        int? width = null, height = null;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (json is not null)
        {
            try
            {
                using var doc = JsonDocument.Parse(json);
                if (doc.RootElement.ValueKind != JsonValueKind.Object)
                {
                    skipped.Add(new ImportIssue(location, $"metadata json is not an object (it is {doc.RootElement.ValueKind})", key));
                    return null;
                }
                foreach (var property in doc.RootElement.EnumerateObject())
                {
                    var value = AsString(property.Value);
                    switch (property.Name)
                    {
                        case "url": url = value; break;
                        case "caption": jsonCaption = value; break;
                        case "status": status = value; break;
                        case "error_message": error = value; break;
                        case "width": width = AsInt(property.Value); break;
                        case "height": height = AsInt(property.Value); break;
                    }
                    if (value is not null && !KnownKeys.Contains(property.Name))
                        metadata[property.Name] = value;
                }
            }
            catch (JsonException e)
            {
                skipped.Add(new ImportIssue(location, $"metadata json is not valid JSON: {e.Message}", key));
                return null;
            }
        }
        if (status is not null && status != "success")
        {
            skipped.Add(new ImportIssue(location, $"download status '{status}'" + (string.IsNullOrWhiteSpace(error) ? "" : $": {error}"), key));
            return null;
        }
        if (image is null && json is not null && status is null && url is null)
            return null; // some other json (img2dataset's NNNNN_stats.json), not a sample
        if (image is null)
        {
            skipped.Add(new ImportIssue(location, "no image file for this key", key));
            return null;
        }
        return new CorpusItem(key, caption ?? jsonCaption, url, image, width, height, metadata);
    }

    private static string? AsString(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.GetString(),
        _ => value.GetRawText(),
    };

    private static int? AsInt(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i) ? i
        : value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out i) ? i
        : null;
}
