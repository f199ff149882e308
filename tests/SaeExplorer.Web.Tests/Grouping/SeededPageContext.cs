using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
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
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        Seeded.AddTo(ctx.Services);
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo(uri);
        return ctx;
    }
}
