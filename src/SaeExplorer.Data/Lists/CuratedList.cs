namespace SaeExplorer.Data.Lists;

/// <summary>
/// A named collection of features and shared groups with notes, shared at /l/{slug}. Anyone may read it; its owner
/// and the users the owner adds (<see cref="Editors"/>) may change it.
/// </summary>
public class CuratedList
{
    public int Id { get; set; }
    /// <summary>URL-safe, random (see <see cref="ListSlug"/>).</summary>
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public string Notes { get; set; } = "";
    public required string OwnerId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<CuratedListItem> Items { get; set; } = [];
    public List<CuratedListEditor> Editors { get; set; } = [];
}

/// <summary>A feature (<see cref="SaeId"/> + <see cref="Feature"/>) or a shared group (<see cref="GroupSlug"/>) in a list.</summary>
public class CuratedListItem
{
    public int Id { get; set; }
    public int ListId { get; set; }
    public int? SaeId { get; set; }
    public int? Feature { get; set; }
    public string? GroupSlug { get; set; }
    public string Note { get; set; } = "";
    public string? AddedById { get; set; }
    public DateTimeOffset AddedAt { get; set; }
}

/// <summary>A user the owner allowed to change the list.</summary>
public class CuratedListEditor
{
    public int ListId { get; set; }
    public required string UserId { get; set; }
}
