using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Data.Accounts;
using SaeExplorer.Data.Labels;
using SaeExplorer.Testing;
using SaeExplorer.Web.Services.Labels;
using SaeExplorer.Web.Services.Live;
using SaeExplorer.Web.Tests.Grouping;

namespace SaeExplorer.Web.Tests.Labels;

/// <summary>The labels panel's state without its markup, over the seeded workspace (feature 0 has the automatic label
/// "red things", feature 2 "blue sky"; the others none): writes and refusals, edit conflicts, open histories, presence.</summary>
public sealed class LabelsPanelStateTests : SeededPageTests, IAsyncDisposable
{
    private ServiceProvider? _services;
    private readonly List<AsyncServiceScope> _circuits = [];

    private LabelTarget Feature(int f) => new LabelTarget.OfFeature(Seeded.SaeId, f);

    private IServiceProvider Services => _services ??= Seeded.AddTo(new ServiceCollection()).BuildServiceProvider();

    private Presence Presence => Services.GetRequiredService<Presence>();

    private LabelWrites Writes => Services.GetRequiredService<LabelWrites>();

    /// <summary>A panel's state in a circuit of its own, signed in as <paramref name="userId"/> (null: nobody).</summary>
    private async Task<LabelsPanelState> StateAsync(string? userId)
    {
        var circuit = Services.CreateAsyncScope();
        _circuits.Add(circuit);
        var state = circuit.ServiceProvider.GetRequiredService<LabelsPanelState>();
        await state.SignInAsync(userId is null ? new ClaimsPrincipal() : Principal(userId));
        return state;
    }

    private Task<string> UserAsync(string name, params string[] roles) => TestUsers.AddAsync(Seeded.Factory, name, roles);

    [Fact]
    public async Task ALabellerAddsALabelAndAnEmptyOneIsRefusedWithTheRule()
    {
        var state = await StateAsync(await UserAsync("lara", SaexRoles.Labeller));
        await state.ShowAsync(Feature(1));
        Assert.True(state.CanLabel);
        Assert.Empty(state.Labels);

        state.NewText = "   ";
        await state.AddAsync();
        Assert.Contains("cannot be empty", state.Error);
        Assert.Equal("   ", state.NewText); // kept, to be mended
        Assert.Empty(state.Labels);

        state.NewText = "green leaves";
        await state.AddAsync();
        Assert.Null(state.Error);
        Assert.Null(state.NewText);
        var label = Assert.Single(state.Labels);
        Assert.Equal(("green leaves", "lara", true), (label.Text, label.Author, label.IsTop));

        await state.VoteAsync(label, 1);
        state.SetCommentDraft(label.Id, "looks right");
        await state.CommentAsync(state.Labels[0]);
        Assert.Equal((1, 1), (state.Labels[0].MyVote, state.Labels[0].Up));
        Assert.Equal("looks right", Assert.Single(state.Labels[0].Comments).Text);
        Assert.Null(state.CommentDraft(label.Id));
    }

    [Fact]
    public async Task AStaleEditKeepsBothVersionsAndSavingAgainWritesOverTheStoredOne()
    {
        var otto = Principal(await UserAsync("otto", SaexRoles.Labeller));
        var state = await StateAsync(await UserAsync("lara", SaexRoles.Labeller));
        var id = await Writes.AddLabelAsync(otto, Feature(3), "diagonal strokes");
        await state.ShowAsync(Feature(3));

        state.StartEdit(state.Labels[0]);
        Assert.Equal(Presence.Labelling, Assert.Single(Presence.Here(Feature(3).Topic)).Activity);
        await Writes.EditLabelAsync(otto, id, 1, "diagonal lines");
        var draft = state.DraftOf(id)!;
        draft.Text = "slanted strokes";
        await state.SaveEditAsync(state.Labels[0], draft);

        Assert.Equal(new LabelConflict("slanted strokes", 1, 2), draft.Conflict);
        Assert.Equal(2, draft.FromVersion);
        Assert.Equal("diagonal lines", state.Labels[0].Text); // theirs, shown beside the refused text

        await state.SaveEditAsync(state.Labels[0], draft);
        Assert.Null(state.DraftOf(id));
        Assert.Equal(("slanted strokes", 3), (state.Labels[0].Text, state.Labels[0].Version));
        Assert.Equal(Presence.Viewing, Assert.Single(Presence.Here(Feature(3).Topic)).Activity);
    }

    [Fact]
    public async Task AnOpenHistoryIsReadAgainWhenTheLabelsChangeElsewhere()
    {
        var otto = Principal(await UserAsync("otto", SaexRoles.Labeller));
        var state = await StateAsync(null);
        var id = await Writes.AddLabelAsync(otto, Feature(5), "bright");
        await state.ShowAsync(Feature(5));
        await state.ToggleHistoryAsync(state.Labels[0]);
        Assert.Equal(["bright"], state.HistoryOf(id)!.Select(r => r.Text));

        await Writes.EditLabelAsync(otto, id, 1, "bright and round");
        await state.ReloadAsync();

        Assert.Equal(["bright", "bright and round"], state.HistoryOf(id)!.Select(r => r.Text));
        Assert.Equal("bright and round", state.Labels[0].Text);
        await state.ToggleHistoryAsync(state.Labels[0]);
        Assert.Null(state.HistoryOf(id));
    }

    [Fact]
    public async Task AnotherTargetStartsAfreshAndTakesThePresenceAlong()
    {
        var state = await StateAsync(await UserAsync("lara", SaexRoles.Labeller));
        await state.ShowAsync(Feature(0));
        var red = Assert.Single(state.Labels);
        Assert.Equal("red things", red.Text);
        state.StartEdit(red);
        state.ToggleComments(red);
        await state.ToggleHistoryAsync(red);
        Assert.Equal("lara", Assert.Single(Presence.Here(Feature(0).Topic)).Name);

        await state.ShowAsync(Feature(2));

        Assert.Equal("blue sky", Assert.Single(state.Labels).Text);
        Assert.Null(state.DraftOf(red.Id));
        Assert.Null(state.HistoryOf(red.Id));
        Assert.False(state.CommentsOpen(red.Id));
        Assert.Empty(Presence.Here(Feature(0).Topic));
        var here = Assert.Single(Presence.Here(Feature(2).Topic));
        Assert.Equal(("lara", Presence.Viewing), (here.Name, here.Activity));

        state.Leave();
        Assert.Empty(Presence.Here(Feature(2).Topic));
    }

    [Fact]
    public async Task NobodySignedInSeesTheLabelsAndIsRefusedAWriteWithHowToSignIn()
    {
        var state = await StateAsync(null);
        await state.ShowAsync(Feature(2));

        Assert.Null(state.Access);
        Assert.False(state.CanLabel);
        await state.VoteAsync(state.Labels[0], 1);

        Assert.Equal(LabelWrites.SignInFirst, state.Error);
        Assert.Equal(0, state.Labels[0].Up);
        Assert.StartsWith("guest ", Assert.Single(Presence.Here(Feature(2).Topic)).Name);
    }

    [Fact]
    public async Task AViewerIsRefusedNamingTheRoleItNeeds()
    {
        var state = await StateAsync(await UserAsync("vera"));
        await state.ShowAsync(Feature(0));

        Assert.Equal("vera", state.Access!.UserName);
        Assert.False(state.CanLabel);
        state.NewText = "mine";
        await state.AddAsync();

        Assert.Contains("'vera' is a viewer", state.Error);
        Assert.Single(state.Labels);
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        foreach (var circuit in _circuits) await circuit.DisposeAsync();
        if (_services is not null) await _services.DisposeAsync();
    }
}
