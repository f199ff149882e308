using System.Net;
using System.Reflection;
using System.Security.Claims;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Data.Labels;
using SaeExplorer.Web.Services.Labels;
using SaeExplorer.Web.Services.Workspaces;

namespace SaeExplorer.Web.Tests.Labels;

/// <summary>
/// Runs <see cref="AuthorizationMatrix"/>: every write endpoint the app maps and every page action is in the table,
/// and each does what the table says for anonymous, viewer, labeller and admin.
/// </summary>
public sealed class AuthorizationMatrixTests(LabelsAppFixture fixture) : IClassFixture<LabelsAppFixture>
{
    private static readonly string[] WriteMethods = ["POST", "PUT", "DELETE", "PATCH"];

    /// <summary>The services whose public methods that take the principal first are page actions.</summary>
    private static readonly Type[] ActionServices = [typeof(LabelWrites), typeof(ListWrites), typeof(WorkspaceImports), typeof(WorkspaceRemoval)];

    public static IEnumerable<object[]> Cases() =>
        AuthorizationMatrix.Entries.SelectMany(e => Enum.GetValues<Role>().Select(r => new object[] { e.Key, r }));

    [Fact]
    public void EveryMappedWriteEndpointHasAnEntryAndEveryEntryAnEndpoint()
    {
        using var client = fixture.App.CreateClient(); // starts the host
        var mapped = fixture.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [])
                .Intersect(WriteMethods).Select(m => $"{m} {Normalised(e.RoutePattern.RawText)}"))
            .ToHashSet();
        var table = AuthorizationMatrix.Entries.OfType<MatrixEntry>().Where(e => e is not PageAction).Select(e => e.Key).ToHashSet();
        Assert.True(mapped.Except(table).ToList() is [], "writes with no entry in AuthorizationMatrix:\n" + string.Join("\n", mapped.Except(table).Order()));
        Assert.True(table.Except(mapped).ToList() is [], "entries for no mapped endpoint:\n" + string.Join("\n", table.Except(mapped).Order()));
    }

    [Fact]
    public void EveryPageActionHasAnEntry()
    {
        var actions = ActionServices.SelectMany(s => s.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.GetParameters() is [{ ParameterType: var first }, ..] && first == typeof(ClaimsPrincipal))
            .Select(m => $"action {m.Name}").ToHashSet();
        var table = AuthorizationMatrix.Entries.OfType<PageAction>().Select(e => e.Key).ToHashSet();
        Assert.True(actions.SetEquals(table), $"page actions: {string.Join(", ", actions.Order())}; table: {string.Join(", ", table.Order())}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EachWriteLetsThroughExactlyTheRolesTheTableSays(string key, Role role)
    {
        var entry = AuthorizationMatrix.Entries.Single(e => e.Key == key);
        var allowed = entry.Allowed.For(role);
        switch (entry)
        {
            case HttpWrite http:
                {
                    using var response = await http.Send(fixture, role);
                    var status = (int)response.StatusCode;
                    var body = await response.Content.ReadAsStringAsync();
                    var denied = http.DeniedStatus ?? (role == Role.Anonymous ? 401 : 403);
                    if (allowed)
                        Assert.True(status is not (401 or 403) && status < 500, $"{key} as {role}: expected through, got {status} {body}");
                    else
                        Assert.True(status == denied, $"{key} as {role}: expected {denied}, got {status} {body}");
                    if (!allowed && key.Contains(" /api/"))
                    {
                        // A refusal from the API is a problem document that says what to do.
                        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                        var says = role switch
                        {
                            Role.Anonymous => "sign in",
                            _ when http.Allowed == Allowed.Admins => "admin role",
                            Role.Viewer => "labeller role",
                            _ => "owner",
                        };
                        Assert.Contains(says, body, StringComparison.OrdinalIgnoreCase);
                    }
                    break;
                }
            case PageAction action:
                {
                    var user = role == Role.Anonymous
                        ? new ClaimsPrincipal(new ClaimsIdentity())
                        : new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, fixture.UserId(role))], "test"));
                    var refused = await Record.ExceptionAsync(() => action.Invoke(fixture, user));
                    if (allowed) Assert.Null(refused);
                    else Assert.Equal(role != Role.Anonymous, Assert.IsType<WriteRefusedException>(refused).SignedIn);
                    if (!allowed && action.Allowed == Allowed.Admins) Assert.Contains("needs the admin role", refused!.Message); // says which role
                    break;
                }
        }
    }

    private static string Normalised(string? route) => route is null or "/" ? "/" : "/" + route.Trim('/');
}
