using SaeExplorer.Data.Labels;
using SaeExplorer.Web.Services.Accounts;
using SaeExplorer.Web.Services.Labels;

namespace SaeExplorer.Web.Endpoints;

/// <summary>
/// Runs an API write and turns its refusals into problem details: 401 (nobody signed in, or a bad token) and 403 (a
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
            http.Response.Headers.WWWAuthenticate = "Bearer";
            var detail = ApiTokenAuthentication.HasBearer(http.Request)
                ? "The API token in the Authorization header is not valid: it was mistyped or revoked. Make a new one on the account page."
                : LabelWrites.SignInFirst;
            return TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status401Unauthorized, title: "Sign in to write");
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

    /// <summary>The problem responses every write endpoint can give, for OpenAPI.</summary>
    public static RouteHandlerBuilder WithWriteProblems(this RouteHandlerBuilder endpoint) => endpoint
        .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
}
