using Microsoft.Extensions.Logging.Abstractions;
using SaeExplorer.Web.Services.Live;

namespace SaeExplorer.Web.Tests.Labels;

/// <summary>
/// A circuit whose connection drops stops counting as someone on the page (Blazor keeps it for minutes in case the tab
/// reconnects) and counts again, with the activity it had, when the connection is back.
/// </summary>
public sealed class PresenceConnectionTests
{
    private readonly Presence _presence = new(new LiveUpdates(NullLogger<LiveUpdates>.Instance), NullLogger<Presence>.Instance);

    [Fact]
    public async Task AConnectionDownWithdrawsEveryPageOfTheCircuitAndBackRestoresThemWithTheirActivity()
    {
        using var session = new PresenceSession(_presence);
        var other = new PresenceSession(_presence);
        var feature = session.Join("feature/1/3", "bo");
        session.Join("group/abc", "bo");
        other.Join("feature/1/3", "ada");
        feature.Set(Presence.Labelling);
        var connection = new PresenceConnection(session);

        await connection.OnConnectionDownAsync(null!, default);
        Assert.Equal(["ada"], _presence.Here("feature/1/3").Select(e => e.Name));
        Assert.Empty(_presence.Here("group/abc"));

        feature.Set(Presence.Viewing); // the page carries on while offline: kept for its return, not shown
        Assert.Equal(["ada"], _presence.Here("feature/1/3").Select(e => e.Name));

        await connection.OnConnectionUpAsync(null!, default);
        Assert.Equal([("ada", Presence.Viewing), ("bo", Presence.Viewing)], _presence.Here("feature/1/3").Select(e => (e.Name, e.Activity)));
        Assert.Equal("bo", Assert.Single(_presence.Here("group/abc")).Name);
    }

    [Fact]
    public async Task APageClosedWhileAwayDoesNotComeBackAndDisposingTheCircuitLeavesNothing()
    {
        var session = new PresenceSession(_presence);
        var feature = session.Join("feature/1/3", "bo");
        session.Join("feature/1/4", "bo");
        var connection = new PresenceConnection(session);

        await connection.OnConnectionDownAsync(null!, default);
        feature.Dispose();
        await connection.OnConnectionUpAsync(null!, default);
        Assert.Empty(_presence.Here("feature/1/3"));
        Assert.Equal("bo", Assert.Single(_presence.Here("feature/1/4")).Name);

        session.Dispose();
        Assert.Empty(_presence.Here("feature/1/4"));
    }
}
