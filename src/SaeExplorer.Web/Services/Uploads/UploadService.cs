using System.Security.Cryptography;
using SaeExplorer.Core.Imaging;
using SaeExplorer.Core.IO;
using SaeExplorer.Core.Settings;
using SaeExplorer.Data.Features;
using SaeExplorer.Data.Uploads;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Services.Encoders;

namespace SaeExplorer.Web.Services.Uploads;

/// <summary>An upload stored (or found again), or why it was refused; nothing is stored when it is refused.</summary>
public sealed record UploadResult(Upload? Upload, string? Problem);

/// <summary>
/// Takes an image a person uploads to a workspace: content type and size checked first, then the header (format,
/// pixel count) before any pixel is decoded, then the workspace's own encoder (by its embedding space) makes its
/// embedding; the bytes are kept under their SHA-256 in the workspace's uploads folder, and the same file uploaded
/// twice is one upload.
/// </summary>
public sealed class UploadService(ImageLoader loader, EncoderCache encoders, UploadStore uploads, SaexOptions options, ILogger<UploadService> log)
{
    /// <summary>The formats an upload may have (ImageSharp's names) and the content types they arrive as.</summary>
    public static readonly IReadOnlyDictionary<string, string> Formats = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["JPEG"] = "image/jpeg", ["PNG"] = "image/png", ["WEBP"] = "image/webp", ["GIF"] = "image/gif",
    };

    public const string Accepted = "a JPEG, PNG, WebP or GIF image (a GIF's first frame is used)";

    public long MaxBytes => loader.Limits.MaxBytes;

    public async Task<UploadResult> AddAsync(WorkspaceContext workspace, Stream content, string fileName, string? contentType, CancellationToken ct = default)
    {
        var name = Path.GetFileName(fileName ?? "");
        if (name.Length == 0) name = "upload";
        if (name.Length > 255) name = name[..255];
        // A part sent with no Content-Type (or an empty one) is judged by its bytes alone.
        if (!string.IsNullOrWhiteSpace(contentType) && !Formats.Values.Contains(contentType.Split(';')[0].Trim(), StringComparer.OrdinalIgnoreCase))
            return Refused($"'{name}' was sent as {contentType}; upload {Accepted}.");
        byte[] bytes;
        try
        {
            bytes = await ReadAtMostAsync(content, MaxBytes, ct);
        }
        catch (InvalidDataException e)
        {
            return Refused($"'{name}' {e.Message}");
        }
        ImageInfo info;
        try
        {
            info = loader.Probe(bytes, name);
        }
        catch (ImageRejectedException e)
        {
            return Refused($"'{name}' cannot be used: {e.Reason}.");
        }
        if (!Formats.ContainsKey(info.Format))
            return Refused($"'{name}' is a {info.Format} image; upload {Accepted}.");

        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (await uploads.FindAsync(workspace.WorkspaceId, hash, ct) is { } known) return new UploadResult(known, null);
        var match = encoders.For(workspace.Space);
        if (match.Encoder is not { } encoder) return Refused(match.Problem!);

        float[] embedding;
        try
        {
            using var image = loader.Load(bytes, name);
            embedding = encoder.Encode(image);
        }
        catch (ImageRejectedException e)
        {
            return Refused($"'{name}' cannot be used: {e.Reason}.");
        }
        var format = info.Format.ToLowerInvariant();
        await AtomicFile.WriteAllBytesAsync(WorkspaceFiles.For(options, workspace.Name).Upload(hash, format), bytes, ct);
        var stored = await uploads.AddAsync(new Upload
        {
            WorkspaceId = workspace.WorkspaceId, Hash = hash, FileName = name, Format = format, Width = info.Width, Height = info.Height,
            Bytes = bytes.Length, Embedding = FeatureBlobs.Pack<float>(embedding), CreatedAt = DateTimeOffset.UtcNow,
        }, ct);
        log.LogInformation("Upload {Hash} ({Name}, {Width}x{Height} {Format}) added to workspace {Workspace}.", hash, name, info.Width, info.Height, format, workspace.Name);
        return new UploadResult(stored, null);
    }

    private static UploadResult Refused(string problem) => new(null, problem);

    /// <summary>Reads the stream, refusing it as soon as it passes <paramref name="limit"/> bytes (never buffering more).</summary>
    private static async Task<byte[]> ReadAtMostAsync(Stream stream, long limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit) throw new InvalidDataException($"is larger than the {ByteSize.Format(limit)} limit (Images:MaxBytes).");
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0) throw new InvalidDataException("is empty.");
        return buffer.ToArray();
    }
}
