using Microsoft.AspNetCore.Http.HttpResults;
using SaeExplorer.Data.Workspaces;

namespace SaeExplorer.Web.Endpoints;

/// <summary>
/// The API's errors as RFC 9457 problem details (application/problem+json), each with a detail that says what was
/// not found or what was wrong, so a script gets a reason rather than an HTML page.
/// </summary>
public static class ApiProblems
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request");

    /// <summary>The workspace is unknown, or it has no SAE of the name ?sae= gave.</summary>
    public static ProblemHttpResult NoWorkspace(string workspace, string? sae = null) => NotFound(sae is null
        ? $"There is no workspace named '{workspace}'."
        : $"There is no workspace named '{workspace}' with an SAE named '{sae}'.");

    /// <summary>The workspace (or the SAE named) is unknown, or it has no indexed SAE yet.</summary>
    public static ProblemHttpResult NoFeatures(string workspace, string? sae, WorkspaceContext? context) => context is null
        ? NoWorkspace(workspace, sae)
        : NotFound($"Workspace '{workspace}' has no indexed SAE yet.");

    public static ProblemHttpResult NoFeature(string workspace, int feature, WorkspaceContext context) =>
        NotFound($"Workspace '{workspace}' has no feature #{feature}: its SAE has features 0 to {context.DSae - 1}.");

    /// <summary>
    /// The answer for /api requests that end in an error status with no body (unmatched routes, malformed route values,
    /// binding failures): problem details. Runs inside the status-code pages, which then leave the written body alone.
    /// </summary>
    public static IApplicationBuilder UseApiStatusProblems(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            await next(http);
            var status = http.Response.StatusCode;
            if (status < 400 || http.Response.HasStarted || http.Response.ContentLength > 0 || http.Response.ContentType is not null
                || !http.Request.Path.StartsWithSegments("/api"))
                return;
            var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails =
                {
                    Status = status,
                    Title = status == StatusCodes.Status404NotFound ? "Not found" : null,
                    Detail = status == StatusCodes.Status404NotFound
                        ? $"There is no API endpoint at {http.Request.Path}{http.Request.QueryString}; see {Links.OpenApi}."
                        : $"The request to {http.Request.Path} failed with status {status}.",
                },
            });
        });
}
