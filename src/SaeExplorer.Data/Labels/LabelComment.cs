namespace SaeExplorer.Data.Labels;

/// <summary>A comment in a label's thread.</summary>
public class LabelComment
{
    public int Id { get; set; }
    public int LabelId { get; set; }
    public string? AuthorId { get; set; }
    public required string Text { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
