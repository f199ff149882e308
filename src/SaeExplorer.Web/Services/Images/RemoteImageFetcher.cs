using System.Globalization;
using System.Net;
using SaeExplorer.Core.Corpus;
using SaeExplorer.Core.Imaging;
using SaeExplorer.Data.Corpus;

namespace SaeExplorer.Web.Services.Images;

/// <summary>
/// Downloads an image from its web address for the thumbnail cache: at most the image byte limit
/// (refused, not truncated, beyond it), within the time limit, following redirects only to other
/// http(s) addresses. Every failure becomes a <see cref="RemoteImageException"/> with its reason.
/// </summary>
public sealed class RemoteImageFetcher(IHttpClientFactory clients, ImageLoader loader, RemoteImageOptions options)
{
    /// <summary>The named HttpClient (see SaexServices): no automatic redirects, no cookies.</summary>
    public const string ClientName = "RemoteImages";

    public async Task<byte[]> FetchAsync(Uri url, CancellationToken ct)
    {
        var client = clients.CreateClient(ClientName);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if (IsRedirect(response.StatusCode))
                {
                    if (redirects >= options.MaxRedirects) throw new RemoteImageException($"more than {options.MaxRedirects} redirects");
                    // Redirects are followed here, not by the handler, so each target passes the same http(s) rule.
                    var target = response.Headers.Location is { } location ? new Uri(url, location) : null;
                    url = target != null && WebUrl.IsWeb(target) ? target
                        : throw new RemoteImageException("the server redirected to an address that is not http or https");
                    continue;
                }
                if (!response.IsSuccessStatusCode)
                    throw new RemoteImageException($"the server answered {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd());
                var limit = loader.Limits.MaxBytes;
                if (response.Content.Headers.ContentLength > limit)
                    throw new RemoteImageException(
                        $"the image is {ByteSize.Format(response.Content.Headers.ContentLength.Value)}, more than the {ByteSize.Format(limit)} limit");
                await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
                return await ReadBoundedAsync(body, limit, timeout.Token);
            }
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new RemoteImageException(
                $"no complete answer within {options.TimeoutSeconds.ToString(CultureInfo.InvariantCulture)} s", e);
        }
        catch (HttpRequestException e) when (e.InnerException is RemoteImageException refused)
        {
            throw refused; // the connector's own reason (a private address), not "could not be reached"
        }
        catch (HttpRequestException e)
        {
            throw new RemoteImageException(e.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => "the host name could not be resolved",
                HttpRequestError.ConnectionError => "the server could not be reached",
                HttpRequestError.SecureConnectionError => "the secure connection failed",
                _ => $"the download failed: {e.Message}",
            }, e);
        }
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    // A missing or false Content-Length must not let a body past the limit: count as it streams.
    private static async Task<byte[]> ReadBoundedAsync(Stream body, long limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit) throw new RemoteImageException($"the image is more than the {ByteSize.Format(limit)} limit");
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
