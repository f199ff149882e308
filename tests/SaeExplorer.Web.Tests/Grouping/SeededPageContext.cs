using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using SaeExplorer.Data.Accounts;
using SaeExplorer.Testing;

namespace SaeExplorer.Web.Tests.Grouping;

/// <summary>A bUnit context over a fresh <see cref="SeededWorkspace"/>, at an address of the app.</summary>
public abstract class SeededPageTests : IAsyncLifetime
{
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    protected SeededWorkspace Seeded { get; private set; } = null!;

    public async Task InitializeAsync() => Seeded = await SeededWorkspace.CreateAsync();

    public Task DisposeAsync()
    {
        Seeded.Dispose();
        return Task.CompletedTask;
    }

    protected BunitContext Context(string uri)
    {
        var ctx = NewContext();
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo(uri);
        return ctx;
    }

    /// <summary>A context whose circuit is signed in as a new user with <paramref name="roles"/> (none: a viewer), or nobody when
    /// <paramref name="name"/> is null (then the id is "").</summary>
    protected async Task<(BunitContext Ctx, string UserId)> SignedInAsync(string? name, params string[] roles)
    {
        var ctx = NewContext();
        var auth = ctx.AddAuthorization(); // before any service is read, as bUnit requires
        if (name is null) return (ctx, "");
        var id = await TestUsers.AddAsync(Seeded.Factory, name, roles);
        auth.SetAuthorized(name);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, id));
        return (ctx, id);
    }

    /// <summary>Anonymous, viewer, labeller and admin, for a theory that tries each.</summary>
    public static TheoryData<Labels.Role> EveryRole => new(Enum.GetValues<Labels.Role>());

    /// <summary>A context signed in as a new user of <paramref name="role"/> (a viewer holds no role), or nobody; and the principal
    /// its page actions run as.</summary>
    protected async Task<(BunitContext Ctx, ClaimsPrincipal User)> SignedInAsync(Labels.Role role)
    {
        if (role == Labels.Role.Anonymous) return ((await SignedInAsync(null)).Ctx, TestUsers.Anonymous);
        string[] roles = role switch { Labels.Role.Labeller => [SaexRoles.Labeller], Labels.Role.Admin => [SaexRoles.Admin], _ => [] };
        var (ctx, id) = await SignedInAsync(Labels.LabelsAppFixture.Names[role], roles);
        return (ctx, Principal(id));
    }

    /// <summary>The principal a page's writes run as, for a user id (what the circuit's sign-in gives them).</summary>
    protected static ClaimsPrincipal Principal(string userId) => TestUsers.Principal(userId);

    private BunitContext NewContext()
    {
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        Seeded.AddTo(ctx.Services);
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        return ctx;
    }
}
