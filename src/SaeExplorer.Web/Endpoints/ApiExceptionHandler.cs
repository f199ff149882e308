using Microsoft.AspNetCore.Diagnostics;
using SaeExplorer.Data.Providers;

namespace SaeExplorer.Web.Endpoints;

/// <summary>
/// Problem details for what goes wrong in an endpoint: a parameter that does not bind (RouteHandlerOptions
/// ThrowOnBadRequest turns those into exceptions, so the message can say which parameter and value) becomes a 400
/// naming it, anywhere; a database that cannot be reached (a PostgreSQL server that stopped) a 503 with the reason,
/// and one whose disk is full a 507 that says nothing was saved, under /api; any other exception under /api becomes a
/// 500 that points at the log. Page errors fall through to the app's error page.
/// </summary>
public sealed class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> log) : IExceptionHandler
{
    private const string UnavailableTitle = "Database unavailable";

    /// <summary>Seconds a client is asked to wait before trying again while the database is unavailable.</summary>
    private const string RetryAfterSeconds = "5";

    private static string UnavailableDetail(string reason) =>
        $"The database is unavailable ({reason}); nothing was written. Try again shortly: the app reconnects by itself.";

    /// <summary>The 503 of an unavailable database, for a refusal made outside an endpoint (the API token check).</summary>
    public static Task WriteUnavailableAsync(HttpContext http, string reason)
    {
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = RetryAfterSeconds;
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = StatusCodes.Status503ServiceUnavailable, Title = UnavailableTitle, Detail = UnavailableDetail(reason) },
        }).AsTask();
    }

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        // The middleware has already pointed the request at the error page ("/Error"); what was asked is in its feature.
        var path = http.Features.Get<IExceptionHandlerFeature>()?.Path is { } asked ? new PathString(asked) : http.Request.Path;
        var api = path.StartsWithSegments("/api");
        int status;
        string detail;
        if (exception is BadHttpRequestException bad)
        {
            status = bad.StatusCode;
            detail = bad.Message;
        }
        else if (api && DatabaseUnavailableException.Explains(exception) is { } reason)
        {
            // A PostgreSQL server that stopped: refuse at once with the reason; the pool reconnects when it is back.
            log.LogWarning("API request {Path} refused: the database is unavailable ({Reason}).", path, reason);
            status = StatusCodes.Status503ServiceUnavailable;
            detail = UnavailableDetail(reason);
            http.Response.Headers.RetryAfter = RetryAfterSeconds;
        }
        else if (api && DatabaseErrors.IsStorageFull(exception))
        {
            log.LogWarning("API request {Path} refused: the database disk is full.", path);
            status = StatusCodes.Status507InsufficientStorage;
            detail = DatabaseErrors.StorageFullMessage;
        }
        else if (api)
        {
            log.LogError(exception, "API request {Path} failed.", path);
            status = StatusCodes.Status500InternalServerError;
            detail = $"The server could not answer {path}; the error is in its log.";
        }
        else
        {
            return false;
        }
        http.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = { Status = status, Title = Title(status), Detail = detail },
        });
    }

    private static string Title(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "Bad request",
        StatusCodes.Status503ServiceUnavailable => UnavailableTitle,
        StatusCodes.Status507InsufficientStorage => "Disk full",
        _ => "Server error",
    };
}
