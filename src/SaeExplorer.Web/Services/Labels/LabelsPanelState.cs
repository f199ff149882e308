using System.Security.Claims;
using SaeExplorer.Data.Accounts;
using SaeExplorer.Data.Labels;
using SaeExplorer.Web.Services.Accounts;
using SaeExplorer.Web.Services.Live;

namespace SaeExplorer.Web.Services.Labels;

/// <summary>An edit being written: its text, the version it started from, and the conflict when someone saved first.</summary>
public sealed class LabelDraft
{
    public string Text { get; set; } = "";

    public int FromVersion { get; set; }

    public LabelConflict? Conflict { get; set; }
}

/// <summary>
/// The labels panel's state, apart from its markup: the labels of one feature or shared group as the signed-in user
/// sees them (their votes), what they are writing (a new label, edits, comments), which histories and threads are open,
/// and their presence on the target (viewing, or labelling while they write). A write that is refused (bad text, no
/// right, gone) becomes <see cref="Error"/> rather than an exception. One per panel (transient); <see cref="Leave"/>
/// when the panel goes.
/// </summary>
public sealed class LabelsPanelState(LabelStore labels, LabelWrites writes, AccountQueries accounts, PresenceSession presence)
{
    private readonly Dictionary<int, LabelDraft> _edits = [];
    private readonly Dictionary<int, IReadOnlyList<RevisionView>> _history = [];
    private readonly HashSet<int> _openComments = [];
    private readonly Dictionary<int, string?> _commentDrafts = [];
    private ClaimsPrincipal _user = new();
    private PresenceSession.Handle? _presence;

    /// <summary>The feature or shared group shown; null before <see cref="ShowAsync"/>.</summary>
    public LabelTarget? Target { get; private set; }

    /// <summary>The signed-in user's rights; null for nobody.</summary>
    public UserAccess? Access { get; private set; }

    public bool CanLabel => Access?.CanLabel == true;

    /// <summary>Top label first, with the user's own votes.</summary>
    public IReadOnlyList<LabelView> Labels { get; private set; } = [];

    /// <summary>Why the last write was refused; the panel may close it.</summary>
    public string? Error { get; set; }

    public string? NewText { get; set; }

    /// <summary>This circuit's presence id: the panel shows everyone else.</summary>
    public string SessionId => presence.Id;

    public LabelDraft? DraftOf(int labelId) => _edits.GetValueOrDefault(labelId);

    /// <summary>The label's revisions, oldest first, while its history is open.</summary>
    public IReadOnlyList<RevisionView>? HistoryOf(int labelId) => _history.GetValueOrDefault(labelId);

    public bool CommentsOpen(int labelId) => _openComments.Contains(labelId);

    public string? CommentDraft(int labelId) => _commentDrafts.GetValueOrDefault(labelId);

    public void SetCommentDraft(int labelId, string? text) => _commentDrafts[labelId] = text;

    /// <summary>Who writes: their rights are read once per panel, and checked again by every write.</summary>
    public async Task SignInAsync(ClaimsPrincipal user)
    {
        _user = user;
        Access = user.UserId() is { } id ? await accounts.AccessAsync(id) : null;
    }

    /// <summary>Shows the target's labels; another target starts afresh (drafts, open histories and threads, presence).</summary>
    public async Task ShowAsync(LabelTarget target)
    {
        if (target != Target)
        {
            _presence?.Dispose();
            Target = target;
            _edits.Clear();
            _history.Clear();
            _openComments.Clear();
            _presence = presence.Join(target.Topic, Access?.UserName);
        }
        Labels = await labels.ForTargetAsync(target, Access?.UserId);
    }

    /// <summary>The labels changed elsewhere: read them again, and the open histories.</summary>
    public async Task ReloadAsync()
    {
        if (Target is not { } target) return;
        Labels = await labels.ForTargetAsync(target, Access?.UserId);
        foreach (var id in _history.Keys.ToList())
            if (await labels.HistoryAsync(id) is { } revisions) _history[id] = revisions;
    }

    /// <summary>"viewing", or "labelling" while the user writes.</summary>
    public void SetActivity(string activity) => _presence?.Set(activity);

    public async Task AddAsync()
    {
        if (await WriteAsync(() => writes.AddLabelAsync(_user, Target!, NewText ?? ""))) NewText = null;
    }

    public void StartEdit(LabelView label)
    {
        _edits[label.Id] = new LabelDraft { Text = label.Text, FromVersion = label.Version };
        SetActivity(Presence.Labelling);
    }

    public void CancelEdit(LabelView label)
    {
        _edits.Remove(label.Id);
        SetActivity(Presence.Viewing);
    }

    /// <summary>Saves the edit; when someone saved first, both versions stay on screen and saving again writes over
    /// the version now stored.</summary>
    public async Task SaveEditAsync(LabelView label, LabelDraft draft)
    {
        LabelEditResult? result = null;
        if (!await WriteAsync(async () => result = await writes.EditLabelAsync(_user, label.Id, draft.FromVersion, draft.Text))) return;
        if (result!.Conflict is { } conflict)
        {
            draft.Conflict = conflict;
            draft.FromVersion = conflict.CurrentVersion;
            Labels = await labels.ForTargetAsync(Target!, Access?.UserId);
            return;
        }
        CancelEdit(label);
    }

    /// <param name="value">+1, -1, or 0 to withdraw the vote.</param>
    public Task VoteAsync(LabelView label, int value) => WriteAsync(() => writes.VoteAsync(_user, label.Id, value));

    public async Task CommentAsync(LabelView label)
    {
        if (await WriteAsync(() => writes.CommentAsync(_user, label.Id, CommentDraft(label.Id) ?? ""))) _commentDrafts.Remove(label.Id);
    }

    public async Task ToggleHistoryAsync(LabelView label)
    {
        if (!_history.Remove(label.Id) && await labels.HistoryAsync(label.Id) is { } revisions) _history[label.Id] = revisions;
    }

    public void ToggleComments(LabelView label)
    {
        if (!_openComments.Remove(label.Id)) _openComments.Add(label.Id);
    }

    /// <summary>The panel is gone: so is its presence.</summary>
    public void Leave() => _presence?.Dispose();

    /// <summary>Runs a write and reads the labels again; a refusal (bad text, no right, gone) is kept in <see cref="Error"/>.</summary>
    private async Task<bool> WriteAsync<T>(Func<Task<T>> write)
    {
        try
        {
            await write();
            Error = null;
            Labels = await labels.ForTargetAsync(Target!, Access?.UserId);
            return true;
        }
        catch (Exception e) when (WriteRefusals.Reason(e) is { } reason)
        {
            Error = reason;
            return false;
        }
    }
}
