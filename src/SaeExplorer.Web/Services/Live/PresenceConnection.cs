using Microsoft.AspNetCore.Components.Server.Circuits;

namespace SaeExplorer.Web.Services.Live;

/// <summary>
/// Tells the circuit's <see cref="PresenceSession"/> when its connection goes down and comes back. Blazor keeps a
/// disconnected circuit for minutes in case the tab reconnects; presence should not claim someone is reading meanwhile.
/// </summary>
public sealed class PresenceConnection(PresenceSession session) : CircuitHandler
{
    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        session.Away();
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        session.Back();
        return Task.CompletedTask;
    }
}
