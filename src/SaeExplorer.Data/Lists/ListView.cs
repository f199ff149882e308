using System.Text.Json.Serialization;

namespace SaeExplorer.Data.Lists;

/// <summary>A list as its page and the API show it.</summary>
public sealed record ListView(string Slug, string Name, string Notes, string Owner, IReadOnlyList<string> Editors, IReadOnlyList<ListItemView> Items,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    [JsonIgnore] public string OwnerId { get; init; } = "";
    [JsonIgnore] public IReadOnlyList<string> EditorIds { get; init; } = [];

    /// <summary>Whether the user (by id) may change the list: its owner or one of its editors.</summary>
    public bool CanEdit(string? userId) => userId is not null && (userId == OwnerId || EditorIds.Contains(userId));
}

/// <summary>An entry of a list: a feature of a workspace (with its name) or a shared group.</summary>
/// <param name="Kind">"feature" or "group".</param>
/// <param name="TopLabel">The feature's name: its top label when that is shown as its name, null when it is unlabelled.</param>
public sealed record ListItemView(int Id, string Kind, string? Workspace, int? Feature, string? TopLabel, string? GroupSlug, string Note)
{
    /// <summary>The feature's SAE (none for a group): the page follows its labels live.</summary>
    [JsonIgnore] public int? SaeId { get; init; }
}

/// <summary>A list in an overview (the lists page).</summary>
public sealed record ListSummary(string Slug, string Name, string Owner, int Items, DateTimeOffset UpdatedAt);
