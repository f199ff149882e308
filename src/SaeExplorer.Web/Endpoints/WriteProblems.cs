using SaeExplorer.Data.Labels;
using SaeExplorer.Web.Services.Labels;
using SaeExplorer.Web.Services.Security;

namespace SaeExplorer.Web.Endpoints;

/// <summary>
/// Runs an API write and turns its refusals into problem details: 401 (nobody signed in) and 403 (a
/// viewer, or not the list's owner or editor) with what to do, 400 for refused input, 404 for a missing target.
/// </summary>
public static class WriteProblems
{
    public static async Task<IResult> RunAsync(HttpContext http, Func<Task<IResult>> write)
    {
        try
        {
            return await write();
        }
        catch (WriteRefusedException refused) when (!refused.SignedIn)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer"; // a token that is not valid never gets here (InvalidTokens)
            return TypedResults.Problem(detail: LabelWrites.SignInFirst, statusCode: StatusCodes.Status401Unauthorized, title: "Sign in to write");
        }
        catch (WriteRefusedException refused)
        {
            return TypedResults.Problem(detail: refused.Message, statusCode: StatusCodes.Status403Forbidden, title: "Not allowed");
        }
        catch (LabelInputException bad)
        {
            return ApiProblems.BadRequest(bad.Message);
        }
        catch (LabelTargetNotFoundException missing)
        {
            return ApiProblems.NotFound(missing.Message);
        }
    }

    /// <summary>
    /// What every write endpoint shares: the per-user write rate limit (<see cref="RateLimits.Writes"/>) and the problem
    /// responses it can give, for OpenAPI.
    /// </summary>
    public static RouteHandlerBuilder WithWriteProblems(this RouteHandlerBuilder endpoint) => endpoint
        .RequireRateLimiting(RateLimits.Writes)
        .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status429TooManyRequests).ProducesProblem(StatusCodes.Status507InsufficientStorage);
}
