using System.Security.Claims;
using SaeExplorer.Data.Accounts;
using SaeExplorer.Data.Labels;
using SaeExplorer.Data.Transfer;
using SaeExplorer.Web.Services.Accounts;
using SaeExplorer.Web.Services.Autointerp;
using SaeExplorer.Web.Services.Live;
using SaeExplorer.Web.Services.Operations;

namespace SaeExplorer.Web.Services.Labels;

/// <summary>
/// Every label, vote and comment write, for the pages and the API alike: checks the writer holds the labeller (or
/// admin) role, read from the database at each write (<see cref="LabellerAsync"/>, which list writes check too), then
/// writes and publishes the change. Each public method that takes the principal first is a write the authorisation
/// matrix test covers.
/// </summary>
public sealed class LabelWrites(
    LabelStore labels, AccountQueries accounts, LiveUpdates live, HumanLabelScores scores, LabelTransferStore labelFiles, LabelWriteCounter counter)
{
    /// <summary>The largest import file, on the page as through the API (whose limit is the server's request-body limit).</summary>
    public const long MaxImportBytes = 30_000_000;

    public const string SignInFirst = "Writing labels, votes, comments and lists needs a signed-in labeller: sign in, or send " +
                                      "'Authorization: Bearer <token>' with a token made on the account page.";

    /// <summary>The writer, when they may write; else the refusal (401 when nobody is signed in, 403 for a viewer).</summary>
    public async Task<UserAccess> LabellerAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (user.UserId() is not { } id || await accounts.AccessAsync(id, ct) is not { } access)
            throw new WriteRefusedException(SignInFirst, signedIn: false);
        if (!access.CanLabel)
            throw new WriteRefusedException($"'{access.UserName}' is a viewer: writing needs the labeller role, which an admin grants on the admin page.",
                signedIn: true);
        return access;
    }

    public async Task<int> AddLabelAsync(ClaimsPrincipal user, LabelTarget target, string text, string? source = null, double? score = null,
        CancellationToken ct = default)
    {
        var access = await LabellerAsync(user, ct);
        var id = await labels.AddAsync(target, text, access.UserId, source, score, ct);
        counter.Add("label");
        live.PublishLabels([target]);
        if (LabelSource.Checked(source) == LabelSource.Human) scores.ScoreLater(id, target, text);
        return id;
    }

    public async Task<LabelEditResult> EditLabelAsync(ClaimsPrincipal user, int labelId, int fromVersion, string text, CancellationToken ct = default)
    {
        var access = await LabellerAsync(user, ct);
        var result = await labels.EditAsync(labelId, fromVersion, text, access.UserId, ct);
        if (!result.Saved) return result;
        counter.Add("edit");
        await PublishLabelAsync(labelId, ct);
        if (result.Label.Source == LabelSource.Human && await labels.TargetAsync(labelId, ct) is { } target) scores.ScoreLater(labelId, target, text);
        return result;
    }

    /// <param name="value">+1, -1, or 0 to withdraw the vote.</param>
    public async Task<LabelView> VoteAsync(ClaimsPrincipal user, int labelId, int value, CancellationToken ct = default)
    {
        var access = await LabellerAsync(user, ct);
        var view = await labels.VoteAsync(labelId, access.UserId, value, ct);
        counter.Add("vote");
        await PublishLabelAsync(labelId, ct);
        return view;
    }

    public async Task<int> CommentAsync(ClaimsPrincipal user, int labelId, string text, CancellationToken ct = default)
    {
        var access = await LabellerAsync(user, ct);
        var id = await labels.CommentAsync(labelId, access.UserId, text, ct);
        counter.Add("comment");
        await PublishLabelAsync(labelId, ct);
        return id;
    }

    /// <summary>Adds the labels of a JSON or CSV file (all, or none with the line that is wrong) and tells their pages.</summary>
    /// <exception cref="TransferException">A line is wrong; nothing was imported.</exception>
    public async Task<ImportedLabels> ImportLabelsAsync(ClaimsPrincipal user, string content, TransferFormat format, CancellationToken ct = default)
    {
        var importer = await LabellerAsync(user, ct);
        var imported = await labelFiles.ImportAsync(content, format, importer.UserId, ct);
        counter.Add("import", imported.Count);
        live.PublishLabels(imported.Targets);
        return imported;
    }

    private async Task PublishLabelAsync(int labelId, CancellationToken ct)
    {
        if (await labels.TargetAsync(labelId, ct) is { } target) live.PublishLabels([target]);
    }
}
